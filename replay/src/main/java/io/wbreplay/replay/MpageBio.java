package io.wbreplay.replay;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;

/**
 * fs/mpage.c's bio under construction (struct mpage_data's bio) for one task: page-cache pages join it
 * while they are disk-contiguous and bio_add_page() takes them ({@link #full()}); a page that does not
 * fit has the bio submitted first (mpage_bio_submit()) and starts a new one.
 */
public final class MpageBio {
    private final Kernel k;
    private final Task task;
    private Bio bio;
    /** The bio_vecs its pages take. */
    private int vecs;

    public MpageBio(Kernel k, Task task) {
        this.k = k;
        this.task = task;
    }

    public boolean isEmpty() {
        return bio == null;
    }

    /** BIO_MAX_VECS: the bio_vecs bio_alloc() gives a file system's bio. */
    static final int BIO_MAX_VECS = 256;

    /**
     * bio_add_page() would refuse another page: it would pass max_sectors (before 4.3) or need a bio_vec
     * past BIO_MAX_VECS (ext4 also submits its bio at each mapped extent's end: {@code WriteCachePages}).
     */
    public boolean full() {
        if (bio == null) {
            return false;
        }
        KernelEra era = k.config.kernel;
        if (!era.lateBioSplit()) {
            return bio.bytes + Zone.PAGE_SIZE > k.queue.maxSectors() * 512L;
        }
        return vecs >= BIO_MAX_VECS;
    }

    /** The page at {@code sector} cannot join the bio (it ends elsewhere, or is full): submit first. */
    public boolean needsSubmit(long sector) {
        return bio != null && (bio.endSector() != sector || full());
    }

    /** Adds a page being written back from {@code sector}, starting a write bio for {@code origin} if none. */
    public void addWrite(int page, long sector, IoOrigin origin) {
        if (bio == null) {
            bio = k.newWriteBio(task, sector, origin);
        }
        add(page);
    }

    /** Adds a locked page to be read from {@code sector}, starting a read bio if none. */
    public void addRead(int page, long sector) {
        if (bio == null) {
            bio = k.newReadBio(task, sector);
        }
        add(page);
    }

    /**
     * bio_add_page(): a new bio_vec unless (multi-page bvecs, 5.1+) the page continues the last one's
     * folio. The kernel also joins separately allocated pages that happen to be physically contiguous;
     * the model does not place such frames as the kernel's per-CPU lists do, so it never joins them.
     */
    private void add(int page) {
        if (bio.nrPages() == 0 || !k.config.kernel.multiPageBvecs() || page != lastPage() + 1
                || !k.pages.test(page, Pages.PG_tail)) {
            vecs++;
        }
        bio.addPage(page);
        bio.bytes += Zone.PAGE_SIZE;
    }

    /** The bio under construction (null if none). */
    public Bio current() {
        return bio;
    }

    /** The last page added to the bio under construction. */
    public int lastPage() {
        return bio.page(bio.nrPages() - 1);
    }

    /** Detaches the bio under construction (to submit it with {@link #submit(Bio)} later), leaving none. */
    public Bio take() {
        Bio b = bio;
        bio = null;
        vecs = 0;
        return b;
    }

    /** submit_bio() of a detached bio; false when the task now sleeps for a free request. */
    public boolean submit(Bio b) {
        return k.submitBio(task, b);
    }

    /** mpage_bio_submit() of the bio under construction, if any; false when the task now sleeps for a free request. */
    public boolean submit() {
        return bio == null || submit(take());
    }
}
