package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.mm.Zone;

/**
 * mm/vmscan.c pgdat_balanced() (4.11+; balance_pgdat()'s zone loop in 4.8-4.10): a node with one LRU is
 * balanced for an allocation whose highest zone is {@code highestZoneidx} when ANY zone up to it has
 * free pages above its high watermark plus its lowmem_reserve for that zone (zone_watermark_ok_safe()).
 * So a lower zone with pages to spare lets kswapd sleep while Normal sits at its min.
 */
public final class PgdatBalanced {
    private PgdatBalanced() {
    }

    public static boolean balanced(Zone[] zones, int highestZoneidx) {
        return balanced(zones, highestZoneidx, 0);
    }

    /** As {@link #balanced(Zone[], int)} for an allocation of 2^{@code order} pages (a free block that large). */
    public static boolean balanced(Zone[] zones, int highestZoneidx, int order) {
        for (int i = 0; i <= highestZoneidx; i++) {
            if (zones[i].watermarkOk(order, zones[i].highWmark(), highestZoneidx)) {
                return true;
            }
        }
        return false;
    }

    /**
     * kswapd_shrink_node(): what kswapd reclaims at one priority before checking the node again, the
     * sum over the eligible zones of max(high watermark, SWAP_CLUSTER_MAX).
     */
    public static long kswapdNrToReclaim(Zone[] zones, int highestZoneidx) {
        long n = 0;
        for (int i = 0; i <= highestZoneidx; i++) {
            n += Math.max(zones[i].highWmark(), ScanControl.SWAP_CLUSTER_MAX);
        }
        return n;
    }
}
