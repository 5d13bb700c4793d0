package io.wbreplay.replay.mm;

import java.util.SplittableRandom;

/**
 * A simple extent allocator (the role of ext4's mballoc): hands out extents of {@code extentPages}
 * pages from a cursor that only moves forward, leaving a random gap of up to {@code maxGapPages}
 * before each extent to model fragmentation. Seeded, so layouts repeat.
 */
public final class BlockAllocator {
    private final int extentPages;
    private final int maxGapPages;
    private final SplittableRandom random;
    private long nextSector;

    public BlockAllocator(long firstSector, int extentPages, int maxGapPages, long seed) {
        if (extentPages <= 0) {
            throw new IllegalArgumentException("extent size must be at least one page");
        }
        this.nextSector = firstSector;
        this.extentPages = extentPages;
        this.maxGapPages = maxGapPages;
        this.random = new SplittableRandom(seed);
    }

    public int extentPages() {
        return extentPages;
    }

    /**
     * Allocates one extent and returns its first sector: after a random gap (as --max-extent-gap says,
     * before each extent, the first too, so even a file of one extent lands somewhere else with another
     * seed).
     */
    public long allocateExtent() {
        return allocateBlocks(extentPages);
    }

    /** Allocates {@code pages} pages' worth of blocks (after a random gap, as {@link #allocateExtent}): the first sector. */
    public long allocateBlocks(int pages) {
        long gap = maxGapPages > 0 ? random.nextInt(maxGapPages + 1) : 0;
        long s = nextSector + gap * Zone.SECTORS_PER_PAGE;
        nextSector = s + (long) pages * Zone.SECTORS_PER_PAGE;
        return s;
    }
}
