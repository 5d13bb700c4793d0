package io.wbreplay.replay.mm;

/**
 * include/linux/mmzone.h struct zone: one zone of {@code totalPages}, some pinned by others (the
 * memory hog), the rest free or in the page cache; the min/low/high watermarks computed as
 * mm/page_alloc.c init_per_zone_wmark_min() and __setup_per_zone_wmarks() do.
 */
public final class Zone {
    public static final int PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;
    public static final int SECTORS_PER_PAGE = PAGE_SIZE / 512;

    private final Pages pages;
    private final long minFreeKbytes;
    private final long min;
    private final long low;
    private final long high;
    private long pinned;
    /**
     * pgdat->flags PGDAT_WRITEBACK and PGDAT_DIRTY and the lruvec's LRUVEC_NODE_CONGESTED, as
     * shrink_node() sets them after a reclaim pass (4.11+); kswapd clears them once the node is
     * balanced (clear_pgdat_congested()).
     */
    public boolean flagWriteback;
    public boolean flagDirty;
    public boolean flagCongested;

    /** Watermarks as before 4.6: low = min + min/4, high = min + min/2. */
    public Zone(Pages pages) {
        this(pages, false);
    }

    /**
     * {@code scaleFactor}: __setup_per_zone_wmarks() since 4.6 spaces the watermarks by
     * max(min/4, managed pages x watermark_scale_factor (10) / 10000), high = low + that gap (5.x).
     */
    public Zone(Pages pages, boolean scaleFactor) {
        this.pages = pages;
        long lowmemKbytes = (long) pages.frames() * (PAGE_SIZE / 1024);
        this.minFreeKbytes = minFreeKbytes(lowmemKbytes);
        this.min = minFreeKbytes >> (PAGE_SHIFT - 10);
        long gap = scaleFactor ? Math.max(min >> 2, (long) pages.frames() * WATERMARK_SCALE_FACTOR / 10000) : min >> 2;
        this.low = min + gap;
        this.high = scaleFactor ? low + gap : min + (min >> 1);
    }

    /** vm.watermark_scale_factor's default (4.6+). */
    public static final int WATERMARK_SCALE_FACTOR = 10;

    /** init_per_zone_wmark_min(): int_sqrt(lowmem_kbytes * 16), clamped to [128, 65536] (2.6.35..4.x). */
    public static long minFreeKbytes(long lowmemKbytes) {
        long v = (long) Math.floor(Math.sqrt((double) lowmemKbytes * 16));
        while (v * v > lowmemKbytes * 16) {
            v--;
        }
        while ((v + 1) * (v + 1) <= lowmemKbytes * 16) {
            v++;
        }
        return Math.max(128, Math.min(65536, v));
    }

    public long minFreeKbytes() {
        return minFreeKbytes;
    }

    public long totalPages() {
        return pages.frames();
    }

    /** NR_FREE_PAGES: free frames less what the hog pins (negative while the hog is owed pages). */
    public long freePages() {
        return pages.nrFree() - pinned;
    }

    public long pinned() {
        return pinned;
    }

    /** Sets the pages pinned by others (the memory hog), at most every frame. */
    public void setPinned(long pinnedPages) {
        this.pinned = Math.max(0, Math.min(pinnedPages, pages.frames()));
    }

    /** clear_pgdat_congested(). */
    public void clearReclaimFlags() {
        flagWriteback = false;
        flagDirty = false;
        flagCongested = false;
    }

    public long minWmark() {
        return min;
    }

    public long lowWmark() {
        return low;
    }

    public long highWmark() {
        return high;
    }
}
