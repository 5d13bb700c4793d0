package io.wbreplay.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.mm.Lru;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.ZoneSizesInit;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * From 4.8 the old cache lies in runs among the pinned memory, here only runs of 16 frames (aligned
     * blocks, InitialCacheRuns), 64 pages in all, inactive, on a 32 MiB node of two zones whose other frames
     * the hog pins (24 MiB) from the start. The LRU holds them in the order they were last used, not by where their frames
     * lie: before, the 16 pages at the inactive tail were one aligned block of 16 frames (reclaiming them
     * freed an order-4 block at once); now they come from more than one block, the list holding exactly
     * the 64 frames taken. The same seed lays them out the same way.
     */
    @Test
    void theOldCachesLruOrderIsNotItsFramesOrder(@TempDir Path tmp) throws IOException {
        int[] tail = new int[16];
        Set<Integer> seen = new HashSet<>();
        Kernel k = nodeZoneKernel(tmp);
        Lru lru = k.cache.lru;
        assertThat(lru.size(Lru.INACTIVE)).isEqualTo(64);
        Set<Integer> blocks = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            int p = lru.tail(Lru.INACTIVE);
            lru.remove(p);
            assertThat(seen.add(p)).isTrue();
            assertThat(k.pages.mapping(p)).isNotEqualTo(Pages.NO_MAPPING);
            if (i < 16) {
                tail[i] = p;
                blocks.add(p >> 4);
            }
        }
        assertThat(seen).hasSize(64);
        assertThat(blocks.size()).isGreaterThan(1);
        Kernel again = nodeZoneKernel(tmp);
        for (int i = 0; i < 16; i++) {
            int p = again.cache.lru.tail(Lru.INACTIVE);
            again.cache.lru.remove(p);
            assertThat(p).isEqualTo(tail[i]);
        }
    }

    /**
     * Where a recording gives each zone's file pages (run BO: 29,060 in Normal, 50 in DMA32 in zoneinfo
     * before, 47 k in meminfo when fio started), that many old pages lie in each zone, and the rest was
     * read since, from the zone the allocator takes now. Normal 6,144 frames, 5,120 held and 1,024 cache:
     * no frame left free there, so the 256 pages read since, and the 512 pages the hog pinned since,
     * are DMA32's: 2,048 - 1,024 held - 512 - 256 = 256 free.
     */
    @Test
    void eachZoneHoldsTheCacheTheRecordingSawThereAndTheRestIsAllocatedNow(@TempDir Path tmp) throws IOException {
        EventLoop loop = new EventLoop();
        CoreConfig c = new CoreConfig();
        c.kernel = KernelEra.V6_X;
        c.memoryBytes = 32L << 20;
        c.zones = ZoneSizesInit.parse("2048/1024/0:6144/5120/1024");
        c.initialInactiveBytes = (1024 + 256) * 4096L;
        c.initialCacheRuns = new int[] {1, 1, 1, 1, 1};
        Path hog = tmp.resolve("hog.csv");
        Files.writeString(hog, MemoryHogSchedule.HEADER + "\n0," + (1024 + 5120 + 512) * 4096L + "\n");
        c.hog = MemoryHogSchedule.read(hog);
        Machine m = new Machine(c, loop, new FixedDelayQueue(loop, null, MS, 16));
        m.start();
        Kernel k = m.kernel;

        int[] cached = new int[2];
        for (int i = 0; i < 1024 + 256; i++) {
            cached[k.pages.zoneOf((int) k.initialCacheInode().mapping.find(i))]++;
        }
        assertThat(cached).containsExactly(256, 1024);
        assertThat(new long[] {k.zones[0].freePages(), k.zones[1].freePages()}).containsExactly(256, 0);
    }

    private static Kernel nodeZoneKernel(Path tmp) throws IOException {
        EventLoop loop = new EventLoop();
        CoreConfig c = new CoreConfig();
        c.kernel = KernelEra.V6_X;
        c.memoryBytes = 32L << 20;
        c.zones = ZoneSizesInit.parse("2048:6144"); // a DMA32 and a Normal zone
        c.initialInactiveBytes = 64 * 4096;
        c.initialCacheRuns = new int[] {0, 0, 0, 0, 1};
        Path hog = tmp.resolve("hog.csv");
        Files.writeString(hog, MemoryHogSchedule.HEADER + "\n0," + (24L << 20) + "\n");
        c.hog = MemoryHogSchedule.read(hog);
        Machine m = new Machine(c, loop, new FixedDelayQueue(loop, null, MS, 16));
        m.start();
        return m.kernel;
    }
}
