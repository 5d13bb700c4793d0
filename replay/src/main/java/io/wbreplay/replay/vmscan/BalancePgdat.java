package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.mm.Zone;

/**
 * mm/vmscan.c balance_pgdat() and shrink_zones() before 4.8, when each zone had its own LRU: which
 * zones one priority pass of a reclaimer shrinks, in order, and when kswapd's node is balanced.
 */
final class BalancePgdat {
    private final Zone[] zones;
    private final boolean balanceGap;
    private final int[] list;
    private int n;
    private int pos;
    private int endZone;

    BalancePgdat(Zone[] zones, KernelEra era) {
        this.zones = zones;
        this.list = new int[zones.length];
        this.balanceGap = era.compareTo(KernelEra.V3_2) >= 0;
    }

    /**
     * Chooses this priority's zones. kswapd: end_zone is the highest zone below its high watermark; the
     * zones up to it are shrunk unless one has "way too many pages free already" (classzone end_zone):
     * 8 x high until 2.6.37, then high + balance_gap, min(low, 1 % of the zone) (Rik van Riel, "mm:
     * prevent kswapd from freeing excessive amounts of lowmem", 2.6.38). Direct reclaim
     * (shrink_zones()): every zone of the zonelist, highest first. False when kswapd finds no zone
     * below high: the node is balanced.
     */
    boolean start(boolean kswapd) {
        n = 0;
        pos = 0;
        if (!kswapd) {
            for (int i = zones.length - 1; i >= 0; i--) {
                list[n++] = i;
            }
            return true;
        }
        endZone = unbalancedZone(zones);
        if (endZone < 0) {
            return false;
        }
        for (int i = 0; i <= endZone; i++) {
            Zone z = zones[i];
            long mark = balanceGap ? z.highWmark() + Math.min(z.lowWmark(), (z.totalPages() + 99) / 100) : 8 * z.highWmark();
            if (!z.watermarkOk(mark, endZone)) {
                list[n++] = i;
            }
        }
        return true;
    }

    /** The zone being shrunk, or -1 when this priority shrinks none. */
    int zone() {
        return pos < n ? list[pos] : -1;
    }

    /** Moves to the next zone of this priority; false when there is none. */
    boolean next() {
        return ++pos < n;
    }

    /** The highest zone below its high watermark (no lowmem reserve), or -1: kswapd's end_zone. */
    static int unbalancedZone(Zone[] zones) {
        for (int i = zones.length - 1; i >= 0; i--) {
            if (!zones[i].watermarkOk(zones[i].highWmark(), 0)) {
                return i;
            }
        }
        return -1;
    }

    /** all_zones_ok: no zone below high, or every zone up to end_zone above high plus its reserve for end_zone. */
    boolean balanced() {
        if (unbalancedZone(zones) < 0) {
            return true;
        }
        for (int i = 0; i <= endZone; i++) {
            if (!zones[i].watermarkOk(zones[i].highWmark(), endZone)) {
                return false;
            }
        }
        return true;
    }
}
