package io.wbreplay.replay.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * What shrink_folio_list() does with one dirty, unlocked, not-writeback file page under
 * {@code no-reclaim-writeback}, read off the 6.18 source and Baolin Wang's 6.19 change:
 * <pre>
 *   if (folio_is_file_lru(folio) &&
 *       (!current_is_kswapd() || !folio_test_reclaim(folio) || !test_bit(PGDAT_DIRTY, ...))) {
 *           NR_VMSCAN_IMMEDIATE += nr_pages; folio_set_reclaim(folio); goto activate_locked; }
 *   if (references == FOLIOREF_RECLAIM_CLEAN) goto keep_locked;
 *   ... pageout(): no ->writepage for a regular file: PAGE_ACTIVATE -> activate_locked
 * </pre>
 * 6.19 keeps only the first branch, without the kswapd condition.
 */
class DirtyFileFolioTest {
    private final EventLoop loop = new EventLoop();
    private Kernel k;
    private Pageout pageout;
    private int page;

    private void build(KernelEra era, boolean reclaimFlag, boolean nodeDirty) {
        Machine m = SmallKernel.machine(loop, new FixedDelayQueue(loop, null, 1_000_000L, 64), 32L << 20, c -> {
            c.kernel = era;
            c.strategy = "no-reclaim-writeback";
        });
        k = m.kernel;
        page = SmallKernel.dirtyPage(k, k.newFileInode(), 0);
        if (reclaimFlag) {
            k.pages.set(page, Pages.PG_reclaim);
        }
        k.zone.flagDirty = nodeDirty;
        pageout = m.pgdat.strategy.newPageout(new Reclaimer(m.pgdat, new StepTask(loop, "r", 9)).context());
    }

    private PageoutResult meet(boolean kswapd, boolean referenced) {
        ScanControl sc = new ScanControl().reset(null, kswapd, 32);
        sc.referenced = referenced;
        return pageout.pageout(page, sc);
    }

    private long immediate() {
        return k.vmstat.get(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM);
    }

    @Test
    void kswapdMeetingAMarkedPageAgainOnADirtyNodeActivatesItUnmarkedUpTo618() {
        build(KernelEra.V6_X, true, true);
        assertThat(meet(true, false)).isEqualTo(PageoutResult.ACTIVATE);
        assertThat(immediate()).isZero();
    }

    @Test
    void aReferencedOneStaysOnTheInactiveList() {
        build(KernelEra.V6_X, true, true);
        assertThat(meet(true, true)).isEqualTo(PageoutResult.KEEP);
        assertThat(immediate()).isZero();
    }

    @Test
    void theFirstMeetingMarksItForImmediateReclaim() {
        build(KernelEra.V6_X, false, true);
        assertThat(meet(true, false)).isEqualTo(PageoutResult.ACTIVATE);
        assertThat(immediate()).isEqualTo(1);
        assertThat(k.pages.test(page, Pages.PG_reclaim)).isTrue();
    }

    @Test
    void aNodeNotFlaggedDirtyAndDirectReclaimMarkItEveryTime() {
        build(KernelEra.V6_X, true, false);
        assertThat(meet(true, false)).isEqualTo(PageoutResult.ACTIVATE);
        assertThat(immediate()).isEqualTo(1);
        build(KernelEra.V6_X, true, true);
        assertThat(meet(false, true)).isEqualTo(PageoutResult.ACTIVATE); // the mark comes before the references
        assertThat(immediate()).isEqualTo(1);
    }

    @Test
    void from619KswapdMarksItToo() {
        build(KernelEra.V6_19, true, true);
        assertThat(meet(true, true)).isEqualTo(PageoutResult.ACTIVATE);
        assertThat(immediate()).isEqualTo(1);
    }
}
