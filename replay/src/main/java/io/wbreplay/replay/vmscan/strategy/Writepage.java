package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;

/**
 * {@code writepage}: mm/vmscan.c pageout() through 2.6.3x. The page reclaim trylocked is written on its
 * own with ->writepage (one 4 KiB bio, in LRU order: the seeky single-page writes Mel Gorman measured),
 * unless may_write_to_queue() says no: direct reclaim leaves a write-congested queue alone, kswapd
 * (PF_SWAPWRITE) always writes.
 */
public final class Writepage implements ReclaimWritebackStrategy {
    public static final String NAME = "writepage";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        return new WritepagePageout(ctx);
    }
}
