package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * The LRU sizes inactive_is_low() reads on 6.12+: those of the last periodic memcg stats flush
 * (flush_memcg_stats_dwork() every FLUSH_TIME = 2 * HZ), not the lists' own counts.
 */
class MemcgStatsFlushTest {
    private static final long MS = 1_000_000L;
    private final EventLoop loop = new EventLoop();
    private final Pages pages = new Pages(64);
    private final Lru lru = new Lru(pages);

    private int add(int list) {
        int page = pages.alloc();
        lru.addHead(page, list);
        return page;
    }

    @Test
    void withoutPeriodicFlushReclaimReadsTheListsThemselves() {
        add(Lru.INACTIVE);
        add(Lru.ACTIVE);
        assertThat(lru.statSize(Lru.INACTIVE)).isEqualTo(1);
        assertThat(lru.statSize(Lru.ACTIVE)).isEqualTo(1);
    }

    @Test
    void reclaimSeesTheSizesOfTheLastFlushEveryTwoSeconds() {
        for (int i = 0; i < 3; i++) {
            add(Lru.INACTIVE);
        }
        lru.flushStatsPeriodically(loop, 0); // at 0: three inactive pages, as flushed just before
        int moved = add(Lru.INACTIVE);
        add(Lru.ACTIVE);
        assertThat(lru.size(Lru.INACTIVE)).isEqualTo(4);
        assertThat(lru.statSize(Lru.INACTIVE)).isEqualTo(3);
        assertThat(lru.statSize(Lru.ACTIVE)).isZero();

        loop.runUntil(1999 * MS); // still before the flush at 2 s
        lru.moveToHead(moved, Lru.ACTIVE);
        assertThat(lru.statSize(Lru.INACTIVE)).isEqualTo(3);

        loop.runUntil(2500 * MS); // the flush at 2 s saw 3 inactive + 2 active; this change comes after it
        lru.remove(moved);
        assertThat(lru.statSize(Lru.INACTIVE)).isEqualTo(3);
        assertThat(lru.statSize(Lru.ACTIVE)).isEqualTo(2);

        loop.runUntil(7000 * MS); // no change since: the flushes at 4 and 6 s saw 3 + 1
        assertThat(lru.statSize(Lru.INACTIVE)).isEqualTo(3);
        assertThat(lru.statSize(Lru.ACTIVE)).isEqualTo(1);
        assertThat(lru.size(Lru.ACTIVE)).isEqualTo(1);
    }

    /** A task reading memory.stat every 500 ms flushes at 0.5, 1, 1.5 s ... besides the periodic 2 s. */
    @Test
    void aMemoryStatReaderFlushesInBetween() {
        lru.flushStatsPeriodically(loop, 500 * MS);
        int page = add(Lru.INACTIVE);
        assertThat(lru.statSize(Lru.INACTIVE)).isZero();
        loop.runUntil(499 * MS);
        assertThat(lru.statSize(Lru.INACTIVE)).isZero();
        loop.runUntil(500 * MS);
        assertThat(lru.statSize(Lru.INACTIVE)).isEqualTo(1);
        lru.moveToHead(page, Lru.ACTIVE);
        loop.runUntil(999 * MS);
        assertThat(lru.statSize(Lru.ACTIVE)).isZero();
        loop.runUntil(1000 * MS);
        assertThat(lru.statSize(Lru.ACTIVE)).isEqualTo(1);
    }

    /**
     * prepare_scan_control() (5.5+) lets reclaim deactivate while WORKINGSET_ACTIVATE_FILE differs from
     * the snapshot the last reclaim took at its end (snapshot_refaults()). Without the periodic flush the
     * count is read as it is: an activation is news until the next snapshot.
     */
    @Test
    void refaultActivationsAreNewsUntilAReclaimEnds() {
        assertThat(lru.refaultsSinceSnapshot()).isFalse();
        lru.refaultActivated();
        assertThat(lru.refaultsSinceSnapshot()).isTrue();
        lru.snapshotRefaults();
        assertThat(lru.refaultsSinceSnapshot()).isFalse();
        lru.refaultActivated();
        lru.refaultActivated();
        assertThat(lru.refaultsSinceSnapshot()).isTrue();
    }

    /**
     * On 6.12+ the count is the last flush's: an activation at 0.5 s is not seen until the flush at
     * 2 s; a reclaim that ends at 1 s snapshots the old count (0), one that ends at 2.5 s the new (1).
     */
    @Test
    void reclaimSeesRefaultActivationsAtTheFlush() {
        lru.flushStatsPeriodically(loop, 0);
        loop.runUntil(500 * MS);
        lru.refaultActivated();
        assertThat(lru.refaultsSinceSnapshot()).isFalse();
        loop.runUntil(1000 * MS);
        lru.snapshotRefaults();
        loop.runUntil(2000 * MS);
        assertThat(lru.refaultsSinceSnapshot()).isTrue();
        loop.runUntil(2500 * MS);
        lru.snapshotRefaults();
        assertThat(lru.refaultsSinceSnapshot()).isFalse();
    }
}
