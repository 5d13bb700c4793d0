package io.wbreplay.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.driver.ReplayOptions;
import io.wbreplay.replay.driver.Replayer;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.traces.stats.SeekSummary;
import io.wbreplay.replay.driver.RunFiles;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.traces.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayScenarioTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private FixedDelayQueue queue;

    private RunResult replay(CoreConfig c, ListTraceReader trace, long delayNs) throws Exception {
        Replayer r = new Replayer(c, new ReplayOptions(), (loop, sink) -> queue = new FixedDelayQueue(loop, sink, delayNs, 1024));
        return r.run(trace, false);
    }

    /** 64 MiB written sequentially in 1 MiB writes at t=0 (far below the background threshold of 1 GiB). */
    private ListTraceReader sequential64m(long atNs) {
        ListTraceReader t = new ListTraceReader().fileOp(atNs, 7, Operation.OPEN, 0, 0, 0);
        for (int i = 0; i < 64; i++) {
            t.fileOp(atNs, 7, Operation.WRITE, 0, i * (1L << 20), 1L << 20);
        }
        return t.fileOp(atNs, 7, Operation.CLOSE, 0, 0, 0);
    }

    @Test
    void sequentialWriterDispatchesMaxSizedRequestsWithoutSeeks() throws Exception {
        RunResult r = replay(new CoreConfig(), sequential64m(0), MS);
        // 64 MiB in 512 KiB (max_sectors 1024) requests: 128 writes, all full-sized
        assertThat(r.metrics().writeDispatches()).isEqualTo(128);
        assertThat(queue.dispatched).allSatisfy(d -> assertThat(d[2]).isEqualTo(524288));
        String summary = RunFiles.summaryJson(r, "no-reclaim-writeback", "io-less", 0);
        assertThat(summary).contains("\"ioSize\": {\n    \"mean\": 524288,\n    \"p50\": 524288,\n    \"p90\": 524288,\n    \"max\": 524288");
        SeekSummary d = r.metrics().d2d();
        assertThat(d.nseeks()).isEqualTo(128);
        // the first dispatch seeks from sector 0 to the file's first extent; every later one is 0
        assertThat(d.modeCount()).isEqualTo(127);
        assertThat(d.mode()).isZero();
        assertThat(r.kernel().vmstat.get(VmItem.NR_WRITTEN)).isEqualTo(16384);
        assertThat(r.timeToCleanNs()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void kupdateWritesTheInodeOnlyOnceItIsOlderThanThirtySeconds() throws Exception {
        replay(new CoreConfig(), sequential64m(S), MS);
        // the flusher wakes every 5 s; at 30 s the inode (dirtied at 1 s) is dirtied after 30 - 30 = 0 s,
        // so not expired; at 35 s it was dirtied before 35 - 30 = 5 s: the first write is at 35 s
        long first = queue.dispatched.get(0)[0];
        assertThat(first).isEqualTo(35 * S);
        assertThat(queue.dispatched).allSatisfy(d -> assertThat(d[0]).isGreaterThanOrEqualTo(35 * S));
    }

    @Test
    void theCountersAtTheTraceEndLeaveOutTheDrain() throws Exception {
        // the 64 MiB are dirtied at 1 s and first written at 35 s (kupdate, above): when the last record
        // is done nothing has been written yet, and the drain after it writes all 16,384 pages
        RunResult r = replay(new CoreConfig(), sequential64m(S), MS);
        assertThat(r.countersAtTraceEnd()[VmItem.NR_DIRTIED.ordinal()]).isEqualTo(16384);
        assertThat(r.countersAtTraceEnd()[VmItem.NR_WRITTEN.ordinal()]).isZero();
        assertThat(r.kernel().vmstat.get(VmItem.NR_WRITTEN)).isEqualTo(16384);
        String summary = RunFiles.summaryJson(r, "no-reclaim-writeback", "io-less", 0);
        assertThat(summary).contains("\"countersAtTraceEnd\": {").contains("\"nr_written\": 0,");
    }

    @Test
    void kupdateTakesAnInodeDirtiedExactlyThirtySecondsAgo() throws Exception {
        replay(new CoreConfig(), sequential64m(0), MS);
        // dirtied_when 0 is not after 30 - 30 = 0 (inode_dirtied_after() is a strict time_after())
        assertThat(queue.dispatched.get(0)[0]).isEqualTo(30 * S);
    }

    @Test
    void writerCrossingTheDirtyLimitPauses() throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 64L << 20; // 16384 pages: dirty limit about 20 % of that
        ListTraceReader t = new ListTraceReader();
        for (int i = 0; i < 40; i++) {
            t.fileOp(0, 3, Operation.WRITE, 0, i * (1L << 20), 1L << 20);
        }
        RunResult r = replay(c, t, 20 * MS);
        // unthrottled, all 40 MiB would be dirtied at t = 0 with no simulated time passing
        assertThat(r.metrics().stalls(StallCause.THROTTLE).getTotalCount()).isPositive();
        assertThat(r.kernel().vmstat.get(VmItem.BALANCE_DIRTY_PAGES_PAUSES)).isPositive();
        // the dirty count never runs far past the limit (20 % of 16384 = 3276 pages)
        String[] rows = r.metrics().timeSeriesCsv().split("\n");
        long maxDirty = 0;
        for (int i = 1; i < rows.length; i++) {
            maxDirty = Math.max(maxDirty, Long.parseLong(rows[i].split(",")[1]));
        }
        assertThat(maxDirty).isBetween(1L, 3600L);
    }

    @Test
    void writerWritesModeAlsoThrottlesAndWritesItsOwnPages() throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 64L << 20;
        c.throttle = CoreConfig.Throttle.WRITER_WRITES;
        ListTraceReader t = new ListTraceReader();
        for (int i = 0; i < 40; i++) {
            t.fileOp(0, 3, Operation.WRITE, 0, i * (1L << 20), 1L << 20);
        }
        RunResult r = replay(c, t, 20 * MS);
        assertThat(r.kernel().writtenBy(io.wbreplay.replay.sim.IoOrigin.WRITER)).isPositive();
        assertThat(r.metrics().stalls(StallCause.THROTTLE).getTotalCount()).isPositive();
    }

    private ListTraceReader randomWrites(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ListTraceReader t = new ListTraceReader();
        for (int i = 0; i < n; i++) {
            t.fileOp(i * 20_000L, 1 + (i & 1), Operation.WRITE, i & 1, rnd.nextLong(1L << 15) * 4096, 4096);
        }
        return t;
    }

    @Test
    void twoRunsWriteIdenticalFiles(@TempDir Path tmp) throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 32L << 20;
        for (String run : new String[] {"a", "b"}) {
            RunResult r = replay(c, randomWrites(42, 20000), 3 * MS);
            RunFiles.write(tmp.resolve(run), r, c.strategy, c.throttle().label(), 0.0);
        }
        for (String f : new String[] {RunFiles.SUMMARY, RunFiles.HISTOGRAMS, RunFiles.TIMESERIES}) {
            assertThat(Files.readAllBytes(tmp.resolve("a").resolve(f))).isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(f)));
        }
        String summary = Files.readString(tmp.resolve("a").resolve(RunFiles.SUMMARY));
        assertThat(summary).contains("\"records\": 20000").contains("\"use-after-free\": 0");
        assertThat(Files.readString(tmp.resolve("a").resolve(RunFiles.HISTOGRAMS))).contains("Tag=io-size").contains("Tag=stall-all");
    }
}
