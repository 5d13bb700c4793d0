package io.wbreplay.replay.block;

import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.Operation;
import java.util.Arrays;

/**
 * include/linux/blk_types.h: struct bio, one I/O of disk-contiguous sectors built by the writeback
 * core, with the page-cache pages it carries (by page id) so their writeback can end on completion.
 */
public final class Bio {
    /** Start in 512-byte sectors. */
    public long sector;
    public int bytes;
    /** READ, WRITE, FLUSH or DISCARD. */
    public Operation op = Operation.WRITE;
    /** {@link io.wbreplay.traces.IoRecord} flag bits: SYNC, META, FUA, PREFLUSH. */
    public int flags;
    public IoOrigin origin = IoOrigin.WRITER;
    /** The task that submitted it (its pid goes in the dispatch log). */
    public Task submitter;
    /** Called once when the device completes the bio. */
    public BioEndIo endIo;
    /** Time the bio was queued (the Q event), set by the block layer. */
    public long queuedNs;
    /** Waiting for a request, its getting one wakes the submitter (false for all but a split's last piece). */
    boolean wakesSubmitter = true;
    /** BIO_BPS_THROTTLED: blk-throttle has charged its bytes. */
    boolean bpsThrottled;

    /** The first page, inline: most bios under memory pressure carry one page, and then need no array. */
    private int firstPage;
    /** Pages after the first: {@code more[i - 1]} is page i. */
    private int[] more;
    private int nrPages;

    /**
     * A bio that carries no pages and ends {@code chain} (bio_split() of a bio too large for the queue):
     * sectors {@code offset} to {@code offset + bytes} of {@code parent}'s.
     */
    static Bio piece(Bio parent, int offset, int bytes, BioEndIo chain) {
        Bio b = new Bio();
        b.sector = parent.sector + (offset >>> 9);
        b.bytes = bytes;
        b.op = parent.op;
        b.flags = parent.flags;
        b.origin = parent.origin;
        b.submitter = parent.submitter;
        b.endIo = chain;
        return b;
    }

    /** How many pieces bio_split_to_limits() cuts this bio into for a queue of {@code maxSectors}. */
    int splitPieces(int maxSectors) {
        int max = maxSectors << 9;
        return (bytes + max - 1) / max;
    }

    /** bio_reset(): every field as a new bio has it; the page array stays, for the pages of the next use. */
    void reset() {
        sector = 0;
        bytes = 0;
        op = Operation.WRITE;
        flags = 0;
        origin = IoOrigin.WRITER;
        submitter = null;
        endIo = null;
        queuedNs = 0;
        wakesSubmitter = true;
        bpsThrottled = false;
        firstPage = 0;
        nrPages = 0;
    }

    public long endSector() {
        return sector + (bytes >>> 9);
    }

    public void addPage(int pageId) {
        if (nrPages == 0) {
            firstPage = pageId;
        } else if (more == null) {
            more = new int[16];
            more[0] = pageId;
        } else {
            if (nrPages - 1 == more.length) {
                more = Arrays.copyOf(more, more.length * 2);
            }
            more[nrPages - 1] = pageId;
        }
        nrPages++;
    }

    public int nrPages() {
        return nrPages;
    }

    public int page(int i) {
        if (i >= nrPages) {
            throw new IndexOutOfBoundsException("page " + i + " of a bio of " + nrPages);
        }
        return i == 0 ? firstPage : more[i - 1];
    }

    @Override
    public String toString() {
        return op + " " + sector + "+" + (bytes >>> 9) + " " + origin;
    }
}
