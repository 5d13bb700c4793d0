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

    /** ZONE_DMA: the first 16 MiB on x86 (the zone lowmem_reserve protects, sysctl_lowmem_reserve_ratio 256). */
    public static final long DMA_BYTES = 16L << 20;
    /** ZONE_DMA32: up to 4 GiB on x86-64; ZONE_NORMAL above. */
    public static final long DMA32_END_BYTES = 4L << 30;

    private final Pages pages;
    /** The zone's number ({@link Pages#ZONE_DMA}, {@link Pages#ZONE_NORMAL}), or -1 for the node's memory as one zone. */
    private final int zoneIdx;
    private final long frames;
    private final long minFreeKbytes;
    private final long min;
    private final long low;
    private final long high;
    /** lowmem_reserve[classzone]: free pages an allocation whose highest usable zone is classzone must leave here. */
    private final long[] lowmemReserve;
    private long pinned;
    /** The frames the pinned memory holds ({@link Pages#PG_anon}). */
    private long held;
    /** The smallest order {@link #takePinned} found no block of since the pinned memory last grew. */
    private int noBlockOrder = Integer.MAX_VALUE;
    /** The frames pinned so far, in that order (some since given back or moved): where {@link #takePinned} looks. */
    private int[] pinOrder = new int[16];
    private int pinCount;
    /** One above the highest frame that may be pinned ({@link #movedPinned}): where giving back starts looking. */
    private int pinnedEnd;
    /**
     * pgdat->flags PGDAT_WRITEBACK and PGDAT_DIRTY and the lruvec's LRUVEC_NODE_CONGESTED, as
     * shrink_node() sets them after a reclaim pass (4.11+); kswapd clears them once the node is
     * balanced (clear_pgdat_congested()).
     */
    public boolean flagWriteback;
    public boolean flagDirty;
    public boolean flagCongested;
    /** zone->watermark_boost (5.0+): added to every watermark ({@link #boostWatermark()}). */
    private long watermarkBoost;

    /** Watermarks as before 4.6: low = min + min/4, high = min + min/2. */
    public Zone(Pages pages) {
        this(pages, false, 0);
    }

    /**
     * {@code scaleFactor}: __setup_per_zone_wmarks() since 4.6 spaces the watermarks by
     * max(min/4, managed pages x watermark_scale_factor (10) / 10000), high = low + that gap (5.x).
     * {@code vmMinFreeKbytes}: vm.min_free_kbytes, or 0 for {@link #minFreeKbytes(long)} of the memory.
     */
    public Zone(Pages pages, boolean scaleFactor, long vmMinFreeKbytes) {
        this.pages = pages;
        this.zoneIdx = -1;
        this.frames = pages.frames();
        this.lowmemReserve = new long[0];
        long lowmemKbytes = (long) pages.frames() * (PAGE_SIZE / 1024);
        this.minFreeKbytes = vmMinFreeKbytes > 0 ? vmMinFreeKbytes : minFreeKbytes(lowmemKbytes);
        this.min = minFreeKbytes >> (PAGE_SHIFT - 10);
        long gap = scaleFactor ? SetupPerZoneWmarks.gap(min, pages.frames()) : min >> 2;
        this.low = min + gap;
        this.high = scaleFactor ? low + gap : min + (min >> 1);
    }

    private Zone(Pages pages, Zone node, int zoneIdx, long min, long low, long high, long[] lowmemReserve) {
        this.pages = pages;
        this.zoneIdx = zoneIdx;
        this.frames = pages.zoneFrames(zoneIdx);
        this.minFreeKbytes = node.minFreeKbytes;
        this.min = min;
        this.low = low;
        this.high = high;
        this.lowmemReserve = lowmemReserve;
    }

    /**
     * The node's zones, ZONE_DMA and the one above it (DMA32/Normal as one), for the eras with an LRU
     * per zone; {@code pages} must have been made with its DMA frames. Each zone's min is its share of
     * the node's (__setup_per_zone_wmarks()), spaced as before 4.6; ZONE_DMA's lowmem_reserve against
     * allocations that may use the zone above is that zone's pages / 256 (setup_per_zone_lowmem_reserve()).
     */
    public static Zone[] zonesOf(Pages pages, Zone node) {
        Zone[] zones = new Zone[2];
        long[][] reserve = SetupPerZoneLowmemReserve.reserves(pages);
        for (int z = 0; z < 2; z++) {
            long min = SetupPerZoneWmarks.share(node.min, pages.zoneFrames(z), pages.frames());
            zones[z] = new Zone(pages, node, z, min, min + (min >> 2), min + (min >> 1), reserve[z]);
        }
        return zones;
    }

    /**
     * The zones of a node with one LRU (4.8+), as {@code pages} lays them out (ZONE_DMA, DMA32,
     * Normal): each zone's watermarks from the node's min_free_kbytes (__setup_per_zone_wmarks()) and its
     * lowmem_reserve (setup_per_zone_lowmem_reserve()).
     */
    public static Zone[] nodeZones(Pages pages, Zone node) {
        Zone[] zones = new Zone[pages.zones()];
        long[][] reserve = SetupPerZoneLowmemReserve.reserves(pages);
        for (int z = 0; z < zones.length; z++) {
            long managed = pages.zoneFrames(z);
            long min = SetupPerZoneWmarks.share(node.min, managed, pages.frames());
            long gap = SetupPerZoneWmarks.gap(min, managed);
            zones[z] = new Zone(pages, node, z, min, min + gap, min + 2 * gap, reserve[z]);
        }
        return zones;
    }

    /** lowmem_reserve[classzone] of this zone (0 for the node as one zone). */
    public long lowmemReserve(int classzone) {
        return classzone < lowmemReserve.length ? lowmemReserve[classzone] : 0;
    }

    /**
     * __zone_watermark_ok() for order 0: free pages above {@code mark} plus the reserve an allocation
     * whose highest usable zone is {@code classzone} must leave in this zone.
     */
    public boolean watermarkOk(long mark, int classzone) {
        return freePages() > mark + lowmemReserve(classzone);
    }

    /**
     * __zone_watermark_ok() for an allocation of 2^{@code order} pages: free pages less 2^order - 1
     * above {@code mark} plus the lowmem_reserve, and above order 0 a free block of that order or larger
     * (free_area[o] not empty for some o >= order).
     */
    public boolean watermarkOk(int order, long mark, int classzone) {
        if (freePages() - ((1L << order) - 1) <= mark + lowmemReserve(classzone)) {
            return false;
        }
        return order == 0 || hasFreeBlock(order);
    }

    /** A free block of {@code order} or larger (what is owed to the hog counted against the largest). */
    public boolean hasFreeBlock(int order) {
        return pages.freeAtOrAbove(Math.max(zoneIdx, 0), order) > owed();
    }

    /** Free blocks of {@code order} here (a column of /proc/buddyinfo). */
    public long freeBlocks(int order) {
        return pages.freeBlocks(Math.max(zoneIdx, 0), order);
    }

    public int zoneIdx() {
        return zoneIdx;
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
        return frames;
    }

    /** NR_FREE_PAGES: free frames less what the hog is owed (pinned but without a frame yet: negative then). */
    public long freePages() {
        return (zoneIdx < 0 ? pages.nrFree() : pages.nrFree(zoneIdx)) - owed();
    }

    public long pinned() {
        return pinned;
    }

    /** Pages pinned here that hold no frame (the hog took more than was free). */
    public long owed() {
        return pinned - held;
    }

    /**
     * Sets the pages pinned by others (the memory hog's anonymous pages), at most every frame: each a
     * free frame taken as an order-0 allocation takes it (the smallest free block first) and marked
     * {@link Pages#PG_anon}, given back from the zone's top down (compaction may have moved them); what
     * finds no free frame is owed. For the node of several zones the zones hold the frames: see
     * {@link #setOwed(long)}.
     */
    public void setPinned(long pinnedPages) {
        long target = Math.max(0, Math.min(pinnedPages, frames));
        int z = Math.max(zoneIdx, 0);
        while (held < target) {
            int id = pages.alloc(z);
            if (id == Pages.NIL) {
                break;
            }
            pages.set(id, Pages.PG_anon);
            if (pinCount == pinOrder.length) {
                forgetUnpinned();
                if (pinCount * 2 > pinOrder.length) {
                    pinOrder = java.util.Arrays.copyOf(pinOrder, pinOrder.length * 2);
                }
            }
            pinOrder[pinCount++] = id;
            pinnedEnd = Math.max(pinnedEnd, id + 1);
            held++;
            noBlockOrder = Integer.MAX_VALUE;
        }
        int start = pages.zoneStart(z);
        int id = pinnedEnd - 1;
        for (; held > target && id >= start; id--) {
            if (pages.test(id, Pages.PG_anon)) {
                pages.free(id);
                held--;
            }
        }
        pinnedEnd = id + 1; // nothing is pinned above the last frame looked at
        this.pinned = target;
    }

    /** Compaction moved a pinned page to frame {@code to}. */
    void movedPinned(int to) {
        pinnedEnd = Math.max(pinnedEnd, to + 1);
    }

    /** Drops from {@link #pinOrder} the frames no longer pinned (given back, taken or moved). */
    private void forgetUnpinned() {
        int n = 0;
        for (int i = 0; i < pinCount; i++) {
            if (pages.test(pinOrder[i], Pages.PG_anon)) {
                pinOrder[n++] = pinOrder[i];
            }
        }
        pinCount = n;
    }

    /**
     * Takes an aligned block of 2^{@code order} pinned frames, the first found from {@code share} of
     * the way through the frames pinned so far (in the order pinned, wrapping), out of the pinned
     * memory: the frames stay allocated, one reference each, and are the caller's; the pinned memory
     * lacks them until {@link #setPinned} is called again. NIL if it holds no such block.
     */
    public int takePinned(int order, double share) {
        int size = 1 << order;
        if (order >= noBlockOrder || pinCount == 0) {
            return Pages.NIL;
        }
        int base = pages.zoneStart(Math.max(zoneIdx, 0));
        int first = (int) Math.min(pinCount - 1, (long) (share * pinCount));
        for (int i = 0; i < pinCount; i++) {
            int c = pinOrder[(first + i) % pinCount];
            int a = base + ((c - base) & -size); // blocks are aligned within their zone
            int k = 0;
            while (k < size && a + k < base + frames && pages.test(a + k, Pages.PG_anon)) {
                k++;
            }
            if (k == size) {
                for (k = 0; k < size; k++) {
                    pages.clear(a + k, Pages.PG_anon);
                }
                held -= size;
                return a;
            }
        }
        noBlockOrder = order;
        return Pages.NIL;
    }

    /** The node of several zones: {@code owed} pages pinned in its zones hold no frame ({@link #freePages()}). */
    public void setOwed(long owed) {
        this.pinned = owed;
        this.held = 0;
    }

    /** clear_pgdat_congested(). */
    public void clearReclaimFlags() {
        flagWriteback = false;
        flagDirty = false;
        flagCongested = false;
    }

    /** min_wmark_pages(): _watermark[WMARK_MIN] plus the boost (5.0+), as every wmark_pages() reads it. */
    public long minWmark() {
        return min + watermarkBoost;
    }

    /** zone->_watermark[WMARK_MIN] alone, as __isolate_free_page() reads it. */
    public long minWmarkUnboosted() {
        return min;
    }

    public long lowWmark() {
        return low + watermarkBoost;
    }

    public long highWmark() {
        return high + watermarkBoost;
    }

    /** vm.watermark_boost_factor's default, in 1/10,000ths of the high watermark (5.0+). */
    public static final int WATERMARK_BOOST_FACTOR = 15000;
    /** pageblock_nr_pages on x86-64 (pageblock_order 9). */
    public static final int PAGEBLOCK_NR_PAGES = 512;

    /**
     * mm/page_alloc.c boost_watermark() (Mel Gorman, "mm: reclaim small amounts of memory when an external
     * fragmentation event occurs", 5.0): a fragmenting fallback raises the zone's watermarks by a
     * pageblock, up to watermark_boost_factor of the unboosted high watermark (at least a pageblock);
     * a zone under four pageblocks is never boosted. True if boosted.
     */
    public boolean boostWatermark() {
        if ((long) PAGEBLOCK_NR_PAGES * 4 > frames) {
            return false;
        }
        long maxBoost = high / 10000 * WATERMARK_BOOST_FACTOR + high % 10000 * WATERMARK_BOOST_FACTOR / 10000; // mult_frac()
        if (maxBoost == 0) {
            return false;
        }
        maxBoost = Math.max(PAGEBLOCK_NR_PAGES, maxBoost);
        watermarkBoost = Math.min(watermarkBoost + PAGEBLOCK_NR_PAGES, maxBoost);
        return true;
    }

    public long watermarkBoost() {
        return watermarkBoost;
    }

    /** balance_pgdat()'s end: the boost it saw at its start is reclaimed (never below 0). */
    public void unboost(long boostAtStart) {
        watermarkBoost -= Math.min(watermarkBoost, boostAtStart);
    }
}
