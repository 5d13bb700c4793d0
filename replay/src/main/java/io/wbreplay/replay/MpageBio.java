package io.wbreplay.replay;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;

/**
 * fs/mpage.c's bio under construction (struct mpage_data's bio) for one task: page-cache pages join it
 * while they are disk-contiguous and it stays within the queue's max_sectors (bio_add_page()); a page
 * that does not fit has the bio submitted first (mpage_bio_submit()) and starts a new one.
 */
public final class MpageBio {
    private final Kernel k;
    private final Task task;
    private Bio bio;

    public MpageBio(Kernel k, Task task) {
        this.k = k;
        this.task = task;
    }

    public boolean isEmpty() {
        return bio == null;
    }

    /** bio_add_page() would refuse another page: it would pass max_sectors. */
    public boolean full() {
        return bio != null && bio.bytes + Zone.PAGE_SIZE > k.queue.maxSectors() * 512L;
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

    private void add(int page) {
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
