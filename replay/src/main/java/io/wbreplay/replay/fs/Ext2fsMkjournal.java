package io.wbreplay.replay.fs;

/**
 * e2fsprogs lib/ext2fs/mkjournal.c get_midpoint_journal_block(): where {@code mkfs.ext4} (defaults)
 * puts the journal of a file system of a given size. It takes the group holding the middle block; with
 * flex_bg and that group past the first flex group, the first group of its flex group (skipping full
 * ones) and the next; else the groups either side of it; and of those the one with the most free
 * blocks (the first on a tie). The journal starts at that group's first block.
 *
 * <p>The free blocks are those mke2fs leaves before it writes the journal, under the ext4 defaults of
 * mke2fs.conf (4 KiB blocks, 32,768 blocks a group, 64-bit descriptors, sparse_super, flex_bg of 16
 * groups, 256-byte inodes, one inode per 16 KiB): a group with a superblock backup (0, 1 and the powers
 * of 3, 5 and 7) loses the superblock, the descriptor blocks and the reserved descriptor blocks
 * (calc_reserved_gdt_blocks() in lib/ext2fs/initialize.c); the first group of each flex group holds the
 * block bitmaps, inode bitmaps and inode tables of its flex group. File systems of 512 MiB to 4 TiB
 * (mke2fs.conf's "default" usage type); the last group may be short. The model takes 8,192 inodes a
 * group, which mke2fs lowers on a file system of a few groups (600 MiB: 7,680): only a flex group's
 * first group, rarely the journal's, has fewer free blocks then.
 */
public final class Ext2fsMkjournal {
    public static final int BLOCK_SIZE = 4096;
    public static final long BLOCKS_PER_GROUP = 32768;
    static final int GROUPS_PER_FLEX = 16;
    static final int DESC_SIZE = 64;
    static final int INODE_SIZE = 256;
    static final int INODE_RATIO = 16384;
    public static final long MIN_BYTES = 512L << 20;
    public static final long MAX_BYTES = 4L << 40;

    private Ext2fsMkjournal() {
    }

    /** The journal's first block (4 KiB blocks) on a file system of {@code fsBytes}. */
    public static long journalFirstBlock(long fsBytes) {
        long blocks = blocks(fsBytes);
        int groups = groups(blocks);
        int group = (int) (blocks / 2 / BLOCKS_PER_GROUP); // s_first_data_block is 0 with 4 KiB blocks
        int start;
        if (group > GROUPS_PER_FLEX) {
            group &= ~(GROUPS_PER_FLEX - 1);
            while (group < groups && freeBlocks(blocks, group) == 0) {
                group++;
            }
            if (group == groups) {
                group = 0;
            }
            start = group;
        } else {
            start = group > 0 ? group - 1 : group;
        }
        int end = group + 1 < groups ? group + 1 : group;
        group = start;
        for (int i = start + 1; i <= end; i++) {
            if (freeBlocks(blocks, i) > freeBlocks(blocks, group)) {
                group = i;
            }
        }
        return group * BLOCKS_PER_GROUP + usedAtStart(blocks, group);
    }

    /**
     * The blocks at the start of {@code group} that mke2fs fills before the journal: a superblock backup
     * with its descriptor and reserved descriptor blocks, then (in a flex group's first group) the flex
     * group's bitmaps and inode tables. ext2fs_fallocate() starts the journal at the goal's first free block.
     */
    static long usedAtStart(long blocks, int group) {
        int groups = groups(blocks);
        long used = 0;
        if (hasSuper(group)) {
            used += 1 + descBlocks(groups) + reservedGdtBlocks(blocks, groups);
        }
        if (group % GROUPS_PER_FLEX == 0) {
            int inFlex = Math.min(GROUPS_PER_FLEX, groups - group);
            used += (long) inFlex * (2 + inodeTableBlocks());
        }
        return used;
    }

    static long blocks(long fsBytes) {
        if (fsBytes < MIN_BYTES || fsBytes >= MAX_BYTES) {
            throw new IllegalArgumentException("file system size must be 512M to 4T (mke2fs's default usage type), not "
                    + fsBytes + " bytes");
        }
        return fsBytes / BLOCK_SIZE;
    }

    static int groups(long blocks) {
        return (int) ((blocks + BLOCKS_PER_GROUP - 1) / BLOCKS_PER_GROUP);
    }

    /** Free blocks of {@code group} once mke2fs has laid out everything but the journal (and the few root-directory blocks). */
    static long freeBlocks(long blocks, int group) {
        long size = Math.min(BLOCKS_PER_GROUP, blocks - group * BLOCKS_PER_GROUP);
        return Math.max(0, size - usedAtStart(blocks, group));
    }

    /** ext2fs_bg_has_super() with sparse_super: groups 0 and 1 and the powers of 3, 5 and 7. */
    static boolean hasSuper(int group) {
        if (group <= 1) {
            return true;
        }
        return powerOf(group, 3) || powerOf(group, 5) || powerOf(group, 7);
    }

    private static boolean powerOf(int n, int base) {
        while (n % base == 0) {
            n /= base;
        }
        return n == 1;
    }

    static long descBlocks(int groups) {
        int perBlock = BLOCK_SIZE / DESC_SIZE;
        return (groups + perBlock - 1) / perBlock;
    }

    /** calc_reserved_gdt_blocks(): room for the descriptors of a 1024-fold growth (at most 2^32 blocks), at most a block of pointers. */
    static long reservedGdtBlocks(long blocks, int groups) {
        long maxBlocks = 0xffffffffL;
        if (blocks < maxBlocks / 1024) {
            maxBlocks = blocks * 1024;
        }
        long rsvGroups = (maxBlocks + BLOCKS_PER_GROUP - 1) / BLOCKS_PER_GROUP;
        int perBlock = BLOCK_SIZE / DESC_SIZE;
        long rsv = (rsvGroups + perBlock - 1) / perBlock - descBlocks(groups);
        return Math.min(rsv, BLOCK_SIZE / 4);
    }

    /** Inode table blocks of one group: one inode per INODE_RATIO bytes, 256 bytes each. */
    static long inodeTableBlocks() {
        long inodesPerGroup = BLOCKS_PER_GROUP * BLOCK_SIZE / INODE_RATIO;
        return inodesPerGroup * INODE_SIZE / BLOCK_SIZE;
    }
}
