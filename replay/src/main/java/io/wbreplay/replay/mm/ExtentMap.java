package io.wbreplay.replay.mm;

import java.util.Arrays;

/**
 * fs/ext4/extents.c in miniature: a regular file's block map, one extent per {@code extentPages}
 * pages of file offset, allocated from the {@link BlockAllocator} the first time a page in it is mapped
 * (at writeback: delayed allocation). With a locality group ({@link Ext4MbGroupPa}) a file of at most
 * s_mb_stream_request blocks gets its blocks, as many as its size, from the group's preallocation
 * instead, when the page being mapped lies inside i_size; pages past them (the file grew later) go to
 * extents as before.
 */
public final class ExtentMap implements BlockMap {
    /** Told of each allocation (ext4_mb_mark_diskspace_used() and the inode's extent update): its first sector. */
    @FunctionalInterface
    public interface AllocationHook {
        void allocated(Inode inode, long firstSector);
    }

    private final BlockAllocator allocator;
    private final Ext4MbGroupPa groupPa;
    private final AllocationHook hook;
    private final int shift;
    private long[] extentStart = new long[4];
    private Inode inode;
    /** Blocks taken from the locality group, from page 0, and where they start. */
    private long smallBlocks;
    private long smallStart;
    /** The pages whose blocks have been written back once (buffers mapped, neither delayed nor unwritten). */
    private final java.util.BitSet written = new java.util.BitSet();

    public ExtentMap(BlockAllocator allocator) {
        this(allocator, null, null);
    }

    /** A map allocating small files from {@code groupPa} (null: none), telling {@code hook} (null: nobody) of allocations. */
    public ExtentMap(BlockAllocator allocator, Ext4MbGroupPa groupPa, AllocationHook hook) {
        if (Integer.bitCount(allocator.extentPages()) != 1) {
            throw new IllegalArgumentException("extent size must be a power of two pages, not " + allocator.extentPages());
        }
        this.allocator = allocator;
        this.groupPa = groupPa;
        this.hook = hook;
        this.shift = Integer.numberOfTrailingZeros(allocator.extentPages());
        Arrays.fill(extentStart, -1);
    }

    /** The inode this map belongs to (its size decides group allocation). */
    public void setInode(Inode inode) {
        this.inode = inode;
    }

    @Override
    public boolean needsMapping(long index) {
        return index > Integer.MAX_VALUE || !written.get((int) index);
    }

    @Override
    public void mapped(long index) {
        if (index <= Integer.MAX_VALUE) {
            written.set((int) index);
        }
    }

    @Override
    public long sector(long index) {
        if (index < smallBlocks) {
            return smallStart + index * Zone.SECTORS_PER_PAGE;
        }
        long e = index >>> shift;
        if (e >= extentStart.length) {
            if (e >= Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("file offset too large: page " + index);
            }
            int old = extentStart.length;
            extentStart = Arrays.copyOf(extentStart, (int) Math.max(e + 1, old * 2L));
            Arrays.fill(extentStart, old, extentStart.length, -1);
        }
        long start = extentStart[(int) e];
        if (start < 0) {
            if (groupPa != null && inode != null && e == 0 && smallBlocks == 0) {
                long isize = (inode.size + Zone.PAGE_SIZE - 1) / Zone.PAGE_SIZE;
                // ext4 writes back only pages inside i_size; a page past it is mapped as before (a read of
                // a never-written file, which the kernel would not send to the disk, or a test's page)
                if (index < isize && Ext4MbGroupPa.eligible(index + 1, isize)) {
                    smallBlocks = Math.max(index + 1, isize);
                    smallStart = groupPa.allocate((int) smallBlocks);
                    if (hook != null) {
                        hook.allocated(inode, smallStart);
                    }
                    return smallStart + index * Zone.SECTORS_PER_PAGE;
                }
            }
            start = allocator.allocateExtent();
            extentStart[(int) e] = start;
            if (hook != null && inode != null) {
                hook.allocated(inode, start);
            }
        }
        return start + ((index & ((1L << shift) - 1)) * Zone.SECTORS_PER_PAGE);
    }
}
