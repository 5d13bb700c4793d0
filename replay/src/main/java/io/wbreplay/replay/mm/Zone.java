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

    public Zone(Pages pages) {
        this.pages = pages;
        long lowmemKbytes = (long) pages.frames() * (PAGE_SIZE / 1024);
        this.minFreeKbytes = minFreeKbytes(lowmemKbytes);
        this.min = minFreeKbytes >> (PAGE_SHIFT - 10);
        this.low = min + (min >> 2);
        this.high = min + (min >> 1);
    }

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
