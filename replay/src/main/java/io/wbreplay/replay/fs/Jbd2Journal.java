package io.wbreplay.replay.fs;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.WaitQueue;
import java.util.HashSet;
import java.util.Set;

/**
 * include/linux/jbd2.h journal_t, what a commit needs of it: the running transaction's metadata buffers
 * (jbd2_journal_dirty_metadata() in fs/jbd2/transaction.c), the tids of the running, committing and last
 * committed (j_commit_sequence) transactions, and the log head that jbd2_journal_next_log_block()
 * (fs/jbd2/journal.c) advances, wrapping from the last block to j_first (block 1; block 0 is the journal
 * superblock). The buffers an ext4 data allocation dirties are those of ext4_mb_mark_diskspace_used()
 * (the group's block bitmap and its group descriptor block) and of ext4_mark_inode_dirty() (the
 * inode's inode-table block), and the inode's i_sync_tid becomes the running transaction's.
 */
public final class Jbd2Journal {
    /**
     * Block tags in one descriptor block: (4096 - the 12-byte journal_header_t - the 4-byte
     * jbd2_journal_block_tail) / 16-byte journal_block_tag3_t (csum v3, which mke2fs's metadata_csum
     * default brings), as jbd2_journal_get_descriptor_buffer() and journal_tag_bytes() size them.
     */
    static final int TAGS_PER_DESCRIPTOR = (4096 - 12 - 4) / 16;
    /** Inodes per inode-table block: 4096 / 256-byte inodes. */
    static final int INODES_PER_BLOCK = 16;
    /** Group descriptors per block: 4096 / 64 bytes (64bit). */
    static final int DESCS_PER_BLOCK = 64;
    private static final int ITABLE = 1;
    private static final int BITMAP = 2;
    private static final int GDT = 3;

    private final long firstSector;
    private final long blocks;
    private long head = 1;
    private long runningTid = 1;
    private long committingTid;
    private long commitSequence;
    private boolean superblockPending = true;
    private final Set<Long> buffers = new HashSet<>();
    /** j_wait_done_commit: fsyncs waiting for a commit under way. */
    private final WaitQueue doneCommit = new WaitQueue("j_wait_done_commit");

    /** A journal of {@code blocks} 4 KiB blocks whose block 0 is at {@code firstBlock} of the file system. */
    public Jbd2Journal(long firstBlock, long blocks) {
        if (blocks < 1024) {
            throw new IllegalArgumentException("a journal of " + blocks + " blocks (mke2fs: at least 1024)");
        }
        this.firstSector = firstBlock * Zone.SECTORS_PER_PAGE;
        this.blocks = blocks;
    }

    /** A data allocation of {@code inode} starting at {@code sector}: its bitmap, descriptor and inode blocks join the running transaction. */
    public void dataAllocated(Inode inode, long sector) {
        long group = sector / Zone.SECTORS_PER_PAGE / Ext2fsMkjournal.BLOCKS_PER_GROUP;
        dirtyMetadata(ITABLE, inode.ino / INODES_PER_BLOCK);
        dirtyMetadata(BITMAP, group);
        dirtyMetadata(GDT, group / DESCS_PER_BLOCK);
        inode.syncTid = runningTid;
    }

    /** jbd2_journal_dirty_metadata(): a buffer joins the running transaction (once). */
    void dirtyMetadata(int kind, long number) {
        buffers.add(((long) kind << 56) | number);
    }

    /** Metadata buffers in the running transaction. */
    public int runningBuffers() {
        return buffers.size();
    }

    public long runningTid() {
        return runningTid;
    }

    public long commitSequence() {
        return commitSequence;
    }

    /** The tid being committed, or 0. */
    public long committingTid() {
        return committingTid;
    }

    /** The running transaction becomes the committing one: its metadata buffers, which leave it. */
    public int startCommit() {
        int n = buffers.size();
        buffers.clear();
        committingTid = runningTid++;
        return n;
    }

    /** j_wait_done_commit: fsyncs waiting for a commit under way. */
    public WaitQueue doneCommit() {
        return doneCommit;
    }

    /** The first commit after the journal was loaded writes the journal superblock (JBD2_FLUSHED): once. */
    public boolean takeSuperblockWrite() {
        boolean pending = superblockPending;
        superblockPending = false;
        return pending;
    }

    public long superblockSector() {
        return firstSector;
    }

    /** jbd2_journal_next_log_block(): the sector of the log's next block. */
    public long nextLogBlock() {
        long b = head;
        head = head + 1 == blocks ? 1 : head + 1;
        return firstSector + b * Zone.SECTORS_PER_PAGE;
    }

    public void endCommit() {
        commitSequence = committingTid;
        committingTid = 0;
        doneCommit.wakeAll();
    }

    /** Log blocks for {@code n} metadata buffers: the buffers and their descriptor blocks. */
    public static int logBlocks(int n) {
        return n + (n + TAGS_PER_DESCRIPTOR - 1) / TAGS_PER_DESCRIPTOR;
    }
}
