package io.wbreplay.replay.mm;

import java.util.function.ToLongFunction;

/**
 * mm/page_alloc.c get_page_from_freelist() on a node with one LRU (4.8+): the
 * zonelist from the allocation's highest zone down, the first zone whose free pages are above the
 * watermark (ALLOC_WMARK_LOW in the fast path, ALLOC_WMARK_MIN in the slow one) plus its
 * lowmem_reserve for that highest zone (zone_watermark_fast()).
 */
public final class GetPageFromFreelist {
    private GetPageFromFreelist() {
    }

    /** The zone to take a page from, or -1 when every zone fails {@code mark}. */
    public static int zone(Zone[] zones, int highestZoneidx, ToLongFunction<Zone> mark) {
        return zone(zones, highestZoneidx, 0, mark);
    }

    /** As {@link #zone(Zone[], int, ToLongFunction)} for 2^{@code order} pages: also a free block that large. */
    public static int zone(Zone[] zones, int highestZoneidx, int order, ToLongFunction<Zone> mark) {
        for (int i = highestZoneidx; i >= 0; i--) {
            Zone z = zones[i];
            if (z.watermarkOk(order, mark.applyAsLong(z), highestZoneidx)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The highest zone a page-cache page may come from: gfp_zone(GFP_HIGHUSER_MOVABLE) is ZONE_MOVABLE,
     * which is empty on these machines, so its lowmem_reserve entries equal Normal's (the top zone's).
     */
    public static int highestZoneidx(Zone[] zones) {
        return zones.length - 1;
    }
}
