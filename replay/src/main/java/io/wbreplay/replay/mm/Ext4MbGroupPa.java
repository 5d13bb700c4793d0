package io.wbreplay.replay.mm;


/**
 * fs/ext4/mballoc.c ext4_mb_group_or_file() and the locality group's preallocation
 * (ext4_mb_use_group_pa(), ext4_mb_new_group_pa()): a data allocation for a file whose size, and the
 * end of the blocks asked for, are at most s_mb_stream_request blocks (MB_DEFAULT_STREAM_THRESHOLD, 16)
 * is served from the locality group's preallocated space, which mballoc refills
 * s_mb_group_prealloc blocks at a time (MB_DEFAULT_GROUP_PREALLOC, 512; ext4_mb_normalize_group_request()).
 * So small files written one after another lie one after another on the disk. The kernel keeps a
 * locality group per CPU; the model one (the recordings have one writer). A group preallocation too
 * small for a request is left, and a new one taken.
 */
public final class Ext4MbGroupPa {
    /** s_mb_stream_request: files of more blocks than this use their own (inode) preallocation. */
    public static final int MB_DEFAULT_STREAM_THRESHOLD = 16;
    /** s_mb_group_prealloc: blocks a locality group preallocates at a time. */
    public static final int MB_DEFAULT_GROUP_PREALLOC = 512;

    private final BlockAllocator allocator;
    private long paNextSector;
    private long paFree;

    public Ext4MbGroupPa(BlockAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * ext4_mb_group_or_file(): whether an allocation ending at block {@code logicalEnd} of a file of
     * {@code isizeBlocks} blocks goes to the locality group (size = max(both) not above the threshold).
     */
    public static boolean eligible(long logicalEnd, long isizeBlocks) {
        return Math.max(logicalEnd, isizeBlocks) <= MB_DEFAULT_STREAM_THRESHOLD;
    }

    /** {@code blocks} blocks from the locality group's preallocation: the first sector. */
    public long allocate(int blocks) {
        if (blocks > MB_DEFAULT_GROUP_PREALLOC) {
            throw new IllegalArgumentException("a group allocation of " + blocks + " blocks");
        }
        if (paFree < blocks) {
            paNextSector = allocator.allocateBlocks(MB_DEFAULT_GROUP_PREALLOC);
            paFree = MB_DEFAULT_GROUP_PREALLOC;
        }
        long s = paNextSector;
        paNextSector += (long) blocks * Zone.SECTORS_PER_PAGE;
        paFree -= blocks;
        return s;
    }
}
