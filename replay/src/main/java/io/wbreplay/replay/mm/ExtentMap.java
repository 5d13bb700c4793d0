package io.wbreplay.replay.mm;

import java.util.Arrays;

/**
 * fs/ext4/extents.c in miniature: a regular file's block map, one extent per {@code extentPages}
 * pages of file offset, allocated from the {@link BlockAllocator} the first time a page in it is mapped.
 */
public final class ExtentMap implements BlockMap {
    private final BlockAllocator allocator;
    private final int shift;
    private long[] extentStart = new long[4];

    public ExtentMap(BlockAllocator allocator) {
        if (Integer.bitCount(allocator.extentPages()) != 1) {
            throw new IllegalArgumentException("extent size must be a power of two pages, not " + allocator.extentPages());
        }
        this.allocator = allocator;
        this.shift = Integer.numberOfTrailingZeros(allocator.extentPages());
        Arrays.fill(extentStart, -1);
    }

    @Override
    public long sector(long index) {
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
            start = allocator.allocateExtent();
            extentStart[(int) e] = start;
        }
        return start + ((index & ((1L << shift) - 1)) * Zone.SECTORS_PER_PAGE);
    }
}
