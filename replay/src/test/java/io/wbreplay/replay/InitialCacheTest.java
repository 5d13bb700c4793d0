package io.wbreplay.replay;

import io.wbreplay.replay.driver.Machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.replay.mm.Lru;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

/** The clean page cache a machine already holds when a trace begins (--initial-active, --initial-inactive). */
class InitialCacheTest {
    private static final long MS = 1_000_000L;

    @Test
    void theGivenPagesAreCachedCleanOnTheirListsAndCountNoActivation() {
        EventLoop loop = new EventLoop();
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 32L << 20;
        c.initialActiveBytes = 3 * 4096;
        c.initialInactiveBytes = 5 * 4096;
        Machine m = new Machine(c, loop, new FixedDelayQueue(loop, null, MS, 16));
        Kernel k = m.kernel;
        long free = k.zone.freePages();
        m.start();
        assertThat(k.cache.lru.size(Lru.ACTIVE)).isEqualTo(3);
        assertThat(k.cache.lru.size(Lru.INACTIVE)).isEqualTo(5);
        assertThat(k.vmstat.get(VmItem.NR_ACTIVE_FILE)).isEqualTo(3);
        assertThat(k.vmstat.get(VmItem.NR_INACTIVE_FILE)).isEqualTo(5);
        assertThat(k.vmstat.get(VmItem.NR_DIRTY)).isZero();
        assertThat(k.vmstat.get(VmItem.PGACTIVATE)).isZero();
        assertThat(k.zone.freePages()).isEqualTo(free - 8);
    }

    @Test
    void aCacheLargerThanMemoryIsRefused() {
        EventLoop loop = new EventLoop();
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 16L << 20;
        c.initialInactiveBytes = 17L << 20;
        Machine m = new Machine(c, loop, new FixedDelayQueue(loop, null, MS, 16));
        assertThatThrownBy(m::start).hasMessageContaining("does not fit in memory");
    }
}
