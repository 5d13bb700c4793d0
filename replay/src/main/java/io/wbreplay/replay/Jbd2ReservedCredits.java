package io.wbreplay.replay;

import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;

/**
 * fs/jbd2/transaction.c add_transaction_credits(): "we allow at most half of a transaction to be
 * reserved". ext4 with dioread_nolock (the default since 5.6) starts every writepages extent with a
 * reserved handle (ext4_journal_start_with_reserve()) and keeps the reservation until the extent's I/O
 * completes and its unwritten extent is converted; a writepages that cannot reserve sleeps on
 * j_wait_reserved. So the writeback one ext4 file system has in flight is bounded by its journal size,
 * whatever the dirty limits (docs/kernel-eras.md, "Journal credits").
 */
public final class Jbd2ReservedCredits {
    /**
     * rsv_blocks of each writepages handle, 1 + ext4_chunk_trans_blocks(inode, MAX_WRITEPAGES_EXTENT_LEN):
     * the ext4_journal_start_inode tracepoint reported 18 for every one on Linux 6.18 (ext4 defaults,
     * 4 KiB blocks, extent-mapped files).
     */
    public static final int WRITEPAGES_RSV_CREDITS = 18;
    /** fs/ext4/inode.c MAX_WRITEPAGES_EXTENT_LEN: the most pages one writepages handle maps and writes. */
    public static final int MAX_WRITEPAGES_EXTENT_LEN = 2048;
    /** Journal block size (mke2fs default). */
    private static final int BLOCK_SIZE = 4096;
    /** Tags per descriptor block with metadata_csum (csum v3, 16-byte tags): jbd2_descriptor_blocks_per_trans(). */
    private static final int TAGS_PER_BLOCK = (BLOCK_SIZE - 12 - 16 - 4 - 16) / 16;

    private final int limit;
    private int reserved;
    private final WaitQueue waitReserved = new WaitQueue("j_wait_reserved");

    /** A journal of {@code journalBytes} under {@code era}'s jbd2 rules. */
    public Jbd2ReservedCredits(long journalBytes, KernelEra era) {
        this.limit = maxUserTransBuffers(journalBytes / BLOCK_SIZE, era) / 2;
    }

    /**
     * jbd2_max_user_trans_buffers(): j_max_transaction_buffers less the transaction's own descriptor
     * and commit blocks. Until 6.10 a quarter of the journal and no overhead; since
     * jbd2_journal_init_transaction_limits() (6.10) a third, as /proc/fs/jbd2/DEV/info shows on 6.18
     * ("each up to 5461 blocks" for a 16384-block journal), less 1 + its share of descriptor blocks.
     */
    static int maxUserTransBuffers(long journalBlocks, KernelEra era) {
        if (era.compareTo(KernelEra.V6_X) < 0) {
            return (int) (journalBlocks / 4);
        }
        int max = (int) (journalBlocks / 3);
        return max - (1 + (max + TAGS_PER_BLOCK - 1) / TAGS_PER_BLOCK);
    }

    /** The most credits that may be reserved at once. */
    public int limit() {
        return limit;
    }

    public int reserved() {
        return reserved;
    }

    /** Reserves {@code credits}; false with {@code task} asleep on j_wait_reserved when they do not fit. */
    public boolean reserve(Task task, int credits) {
        if (reserved + credits > limit) {
            task.sleepOn(waitReserved, StallCause.WRITEBACK_WAIT);
            return false;
        }
        reserved += credits;
        return true;
    }

    /** sub_reserved_credits(): gives credits back and wakes every waiter to try again. */
    public void release(int credits) {
        reserved -= credits;
        waitReserved.wakeAll();
    }
}
