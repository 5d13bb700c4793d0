package io.wbreplay.replay.mm;

/**
 * mm/page_alloc.c __setup_per_zone_wmarks(): vm.min_free_kbytes split among the zones in proportion to
 * their managed pages (every zone of an x86-64 node is lowmem), and the distance between the min, low
 * and high watermarks.
 */
final class SetupPerZoneWmarks {
    private SetupPerZoneWmarks() {
    }

    /** A zone's min watermark: pages_min x managed / lowmem_pages, rounded down (div64_ul()). */
    static long share(long pagesMin, long managed, long lowmemPages) {
        return pagesMin * managed / lowmemPages;
    }

    /**
     * low - min and high - low since 4.6: max(min / 4, mult_frac(managed, watermark_scale_factor,
     * 10000)), so that a large zone keeps 0.1 % of itself between the marks (Johannes Weiner, "mm:
     * scale kswapd watermarks in proportion to memory").
     */
    static long gap(long min, long managed) {
        return Math.max(min >> 2, managed * Zone.WATERMARK_SCALE_FACTOR / 10000);
    }
}
