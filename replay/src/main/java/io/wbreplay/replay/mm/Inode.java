package io.wbreplay.replay.mm;

/**
 * include/linux/fs.h struct inode: its page cache ({@link AddressSpace}), reference count (igrab/iput),
 * state bits (I_DIRTY_PAGES, I_SYNC, I_FREEING), dirtied_when, size, block map and the list links
 * that put it on one of the flusher's b_dirty / b_io / b_more_io lists.
 */
public final class Inode {
    public static final int I_DIRTY_PAGES = 1;
    /** Writeback of this inode is under way (fs/fs-writeback.c inode_sync_wait). */
    public static final int I_SYNC = 1 << 1;
    /** Being evicted: igrab() fails, writeback skips it. */
    public static final int I_FREEING = 1 << 2;
    /** Evicted and gone. */
    public static final int I_CLEAR = 1 << 3;

    public final int ino;
    public final AddressSpace mapping;
    public final BlockMap blocks;
    /** i_count. */
    int count;
    /** i_nlink == 0: unlinked, evicted at the last iput. */
    boolean unlinked;
    public int state;
    /** dirtied_when: when the inode first became dirty (the age kupdate looks at). */
    public long dirtiedWhen;
    /** i_size in bytes. */
    public long size;
    /** ext4_inode_info.i_sync_tid: the journal transaction that last changed the inode's metadata (0: none). */
    public long syncTid;
    /** Which list of the flusher holds the inode (null: none), and the links in it. */
    InodeList list;
    Inode prev;
    Inode next;

    public Inode(int ino, BlockMap blocks, RadixNodePool pool) {
        this.ino = ino;
        this.blocks = blocks;
        this.mapping = new AddressSpace(this, pool);
    }

    public int count() {
        return count;
    }

    public boolean unlinked() {
        return unlinked;
    }

    public boolean has(int bit) {
        return (state & bit) != 0;
    }

    /** The flusher list the inode is on, or null. */
    public InodeList list() {
        return list;
    }

    @Override
    public String toString() {
        return "inode " + ino;
    }
}
