package io.wbreplay.replay.writeback;

import io.wbreplay.replay.Jbd2ReservedCredits;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;

/**
 * fs/ext4/page-io.c ext4_io_end_t: the bios of one writepages extent and the journal credits reserved
 * for converting it. The submitter holds one reference (ext4_init_io_end()), each bio one
 * (ext4_end_bio() drops it after ending its pages' writeback); the last ext4_put_io_end() converts
 * the extent with the reserved handle, which gives its credits back.
 */
final class Ext4IoEnd implements BioEndIo {
    private final Jbd2ReservedCredits journal;
    private final int credits;
    private int count = 1;
    private BioEndIo next;
    /** Pages added so far (an extent maps at most MAX_WRITEPAGES_EXTENT_LEN). */
    int pages;
    /** The page index that continues the extent. */
    long nextIndex;

    Ext4IoEnd(Jbd2ReservedCredits journal, int credits, long firstIndex) {
        this.journal = journal;
        this.credits = credits;
        this.nextIndex = firstIndex;
    }

    /** bio->bi_private = io_end: the bio's completion ends its pages' writeback, then drops its reference. */
    void attach(Bio bio) {
        count++;
        next = bio.endIo;
        bio.endIo = this;
    }

    @Override
    public void endIo(Bio bio, long nowNs) {
        next.endIo(bio, nowNs);
        put();
    }

    /** ext4_put_io_end(). */
    void put() {
        if (--count == 0) {
            journal.release(credits);
        }
    }
}
