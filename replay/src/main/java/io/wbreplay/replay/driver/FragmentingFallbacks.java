package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.GetPageFromFreelist;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.vmscan.Kswapd;

/**
 * mm/page_alloc.c try_to_claim_block() -> boost_watermark() and rmqueue()'s wakeup_kswapd() (5.0+), for
 * the fallbacks the model cannot make itself: it has one migratetype, while the kernel's own unmovable
 * and reclaimable allocations (slab: buffer heads, inodes, xarray nodes) claim movable pageblocks once
 * their free lists run dry. The recorded fallbacks of the highest zone, so many a second
 * ({@code --fallbacks}), come spread evenly over their second; each raises that zone's boost by a
 * pageblock and, the zone being boosted (ZONE_BOOSTED_WATERMARK), wakes kswapd at order 0 even on a
 * balanced node.
 */
final class FragmentingFallbacks {
    private static final long SECOND_NS = 1_000_000_000L;

    private FragmentingFallbacks() {
    }

    /** Schedules {@code perS[i]} fallbacks in second i of the run. */
    static void schedule(Kernel k, Kswapd kswapd, int[] perS) {
        Zone[] zones = k.zones;
        int top = GetPageFromFreelist.highestZoneidx(zones);
        for (int s = 0; s < perS.length; s++) {
            int n = perS[s];
            for (int j = 0; j < n; j++) {
                long at = s * SECOND_NS + (2L * j + 1) * SECOND_NS / (2L * n);
                k.loop.at(at, now -> {
                    if (zones[top].boostWatermark()) {
                        kswapd.wakeAll(top, 0);
                    }
                });
            }
        }
    }
}
