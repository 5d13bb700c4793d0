package io.wbreplay.replay.vmscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.RealQueue;
import io.wbreplay.replay.driver.ReplayOptions;
import io.wbreplay.replay.driver.Replayer;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.driver.RunFiles;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import io.wbreplay.traces.synth.SynthOptions;
import io.wbreplay.traces.synth.Workload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Property: whatever reclaim does with dirty pages, none is lost. A random writer (seeded) dirties a
 * 64 MiB file in a machine whose free memory a hog squeezes to 15 % within 0.2 s, with dirty limits
 * (32 MiB) above what is left, so reclaim meets dirty pages all the time; the trace ends with fsync and
 * close. There is no truncation, so every clean-to-dirty transition must end in exactly one completed
 * write: nr_dirtied == nr_written, nothing dirty or under writeback at the end.
 */
class NoDirtyPageLostTest {
    @ParameterizedTest
    @CsvSource({"writepage,1", "range-writepages,2", "write-around,3", "write-ahead,4", "flusher-pageout,5", "no-reclaim-writeback,6"})
    void everyDirtiedPageIsWritten(String strategy, long seed) throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 64L << 20;
        c.strategy = strategy;
        c.seed = seed;
        c.dirtyBytes = 32L << 20;
        c.dirtyBackgroundBytes = 16L << 20;
        c.hog = MemoryHogSchedule.growing(c.memoryBytes * 85 / 100, 200_000_000L, 20); // to 85 % in 0.2 s
        SynthOptions o = new SynthOptions();
        o.seed = seed;
        o.count = 6000;
        o.fileSize = 64L << 20;
        RunResult r = new Replayer(c, new ReplayOptions(), RealQueue.hddDeadline()).run(Workload.byName("rand-write").open(o), false);
        var k = r.kernel();
        String summary = RunFiles.summaryJson(r, strategy, "io-less", 0);
        for (HazardKind h : HazardKind.values()) {
            assertThat(summary).contains("\"" + h.label() + "\": " + k.hazards.count(h));
        }
        if (k.hazards.deadlocked()) { // a write-around ABBA between two reclaimers: reported, the run stopped
            assertThat(strategy).isEqualTo("write-around");
            assertThat(summary).contains("\"deadlocked\": true");
            return;
        }
        assertThat(k.vmstat.get(VmItem.PGSCAN_KSWAPD) + k.vmstat.get(VmItem.PGSCAN_DIRECT)).as("memory pressure").isPositive();
        long fromReclaim = k.vmstat.get(VmItem.NR_VMSCAN_WRITE) + k.writtenBy(io.wbreplay.replay.sim.IoOrigin.FLUSHER_PAGEOUT);
        assertThat(fromReclaim > 0).as("reclaim wrote or queued pages").isEqualTo(!strategy.equals("no-reclaim-writeback"));
        assertThat(k.vmstat.get(VmItem.NR_DIRTY)).isZero();
        assertThat(k.vmstat.get(VmItem.NR_WRITEBACK)).isZero();
        assertThat(k.vmstat.get(VmItem.NR_WRITTEN)).isEqualTo(k.vmstat.get(VmItem.NR_DIRTIED));
        assertThat(r.timeToCleanNs()).isGreaterThanOrEqualTo(0);
    }
}
