package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * kcompactd() and wakeup_kcompactd() as mm/compaction.c has them, on the zone of {@link CompactionTest}: 2,048
 * frames cached, the odd ones freed, so pageblock 0 holds 256 pages at its even frames.
 */
class KcompactdTest {
    private final Pages pages = new Pages(new int[] {2048});
    private final VmStat vmstat = new VmStat();
    private final PageCache cache = new PageCache(pages, vmstat, false);
    private final Compaction compaction = new Compaction(pages, cache, vmstat, Zone.nodeZones(pages, new Zone(pages, true, 128)));
    private final EventLoop loop = new EventLoop();
    private final Kcompactd kcompactd = new Kcompactd(loop, compaction, vmstat, 1, 0, false);

    /**
     * compact_finished() before every round: kcompactd (MIGRATE_SYNC_LIGHT, not direct: no capture) goes on to
     * the end of a pageblock and then stops if a block of the order is free. Woken for order 1, its migrate
     * scanner takes pageblock 0's even frames, the first round 32 pages, the second the rest of the block
     * (finish_pageblock), each moved to free frames at the top. At frame 512 the round's check finds
     * pageblock 0 free whole: SUCCESS, and pageblock 1's pages stay where they are (256 pages moved, not 512).
     * Its rounds take their time: the 256 moves alone cost 256 x 1,609.72 ns = 412 us, so a wake at 400 us
     * finds it still at work and is lost.
     */
    @Test
    void kcompactdFinishesThePageblockAndStopsInItsOwnTime() {
        Inode f = CompactionTest.evenFramesCached(pages, cache, true);
        kcompactd.start();
        loop.runUntil(0);

        kcompactd.wakeup(1, 0);
        loop.runUntil(400_000);
        kcompactd.wakeup(1, 0);
        loop.runUntil(1_000_000_000L);

        assertThat(vmstat.get(VmItem.COMPACT_DAEMON_WAKE)).isEqualTo(1);
        assertThat(pages.freeBlockOrder(0)).isEqualTo(9);
        assertThat(f.mapping.find(510)).isNotEqualTo(510);
        assertThat(new long[] {f.mapping.find(512), f.mapping.find(1022)}).containsExactly(512, 1022);
        assertThat(vmstat.get(VmItem.COMPACT_DAEMON_MIGRATE_SCANNED)).isEqualTo(vmstat.get(VmItem.COMPACT_MIGRATE_SCANNED));
    }

    /**
     * wakeup_kcompactd() wakes only a sleeping kcompactd (wq_has_sleeper()); the order it notes stays asked
     * when kcompactd_do_work() ends only if it is above the order just worked for. A second wake for order 1
     * while kcompactd works is lost (one kcompactd_wake); one for order 2 sends it round again at once (two),
     * where it finds the zone able to give order 2 already (pageblock 0 is free) and compacts nothing.
     */
    @Test
    void aWakeWhileItWorksIsLostUnlessItAsksForMore() {
        for (int second : new int[] {1, 2}) {
            Pages p = new Pages(new int[] {2048});
            VmStat v = new VmStat();
            PageCache c = new PageCache(p, v, false);
            Compaction compact = new Compaction(p, c, v, Zone.nodeZones(p, new Zone(p, true, 128)));
            EventLoop l = new EventLoop();
            Kcompactd k = new Kcompactd(l, compact, v, 1, 0, false);
            Inode f = CompactionTest.evenFramesCached(p, c, true);
            k.start();
            l.runUntil(0);

            k.wakeup(1, 0);
            l.runUntil(100_000);
            k.wakeup(second, 0);
            l.runUntil(1_000_000_000L);

            assertThat(v.get(VmItem.COMPACT_DAEMON_WAKE)).isEqualTo(second);
            assertThat(new long[] {f.mapping.find(512), f.mapping.find(1022)}).containsExactly(512, 1022);
        }
    }
}
