package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.ScanControl;

/**
 * {@code writepage-referenced}: mm/vmscan.c shrink_list() of 2.5 before Andrew Morton's "vmscan: give
 * dirty referenced pages another pass" (2.6.0-test, commit d55158b5): a dirty page reclaim finds
 * referenced at the inactive tail is written with ->writepage like any other (page_referenced() sent
 * only pages in use by a mapping back to the active list); only a page met without __GFP_FS is kept.
 * A historical variant, for the morton-referenced reproduction: {@code --strategy all} leaves it out.
 */
public final class WritepageReferenced implements ReclaimWritebackStrategy {
    public static final String NAME = "writepage-referenced";

    private final ReclaimWritebackStrategy write = new Writepage();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean keepsReferencedDirty() {
        return false; // PAGEREF_RECLAIM_CLEAN did not exist: a referenced dirty page is written
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        Pageout writes = write.newPageout(ctx);
        return new Pageout() {
            @Override
            public PageoutResult pageout(int page, ScanControl sc) {
                return sc.mayEnterFs ? writes.pageout(page, sc) : PageoutResult.KEEP;
            }

            @Override
            public PageoutResult resume(ScanControl sc) {
                return writes.resume(sc);
            }
        };
    }
}
