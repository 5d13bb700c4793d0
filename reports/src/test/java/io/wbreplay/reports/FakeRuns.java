package io.wbreplay.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/** Run directories with hand-chosen numbers, as replays would leave them, for building test reports. */
final class FakeRuns {
    private FakeRuns() {
    }

    /** A run directory with hand-chosen numbers, as a replay would leave it. */
    private static String run(Path dir, String strategy, long ioMeanBytes, long stallP99Ns, long seekPerDispatch, int hazards,
            String strategyCounters) throws IOException {
        return run(dir, strategy, strategy, ioMeanBytes, stallP99Ns, seekPerDispatch, hazards, strategyCounters, 50_000_000, -1);
    }

    /**
     * A run directory {@code cells/NAME} with hand-chosen numbers; {@code deadlockNs >= 0} makes it a run
     * that deadlocked then and stopped.
     */
    private static String run(Path dir, String name, String strategy, long ioMeanBytes, long stallP99Ns, long seekPerDispatch,
            int hazards, String strategyCounters, long stallTotalNs, long deadlockNs) throws IOException {
        Path run = dir.resolve("cells").resolve(name);
        Files.createDirectories(run);
        Files.writeString(run.resolve("summary.json"), """
                {"strategy":"%s","records":1000,"dispatches":200,"writeDispatches":180,
                 "ioSize":{"mean":%d,"p50":%d,"p90":0,"max":0},
                 "d2d":{"nseeks":200,"mean":%d,"median":0,"mode":0,"modeCount":10},"seekDistance":{"p50":%d},
                 "stallNs":{"count":10,"p50":1000000,"p99":%d,"max":%d,"total":%d},
                 "stallsByCause":{"direct-reclaim":{"total":%d},"queue-full":{"total":%d}},
                 "counters":{"nr_vmscan_write":%d,"allocstall":3,"pgscan_kswapd":400,"pgsteal_kswapd":100},
                 "pagesWrittenByReclaim":%d,"pagesWrittenByFlusher":2000,"pagesWrittenByWriter":16,
                 "hazards":{"lock-order":%d,"deadlock":%d},"strategyCounters":%s,
                 "hazardFirst":{"lock-order":{"timeNs":1500000000,"task":"writer[7]","subject":"inode 2",
                   "description":"page 3 locked while page 5 of inode 2 is held"}%s},
                 "deadlocked":%b,
                 "simulatedSeconds":2.0}
                """.formatted(strategy, ioMeanBytes, ioMeanBytes, seekPerDispatch, seekPerDispatch,
                stallP99Ns, stallP99Ns * 2, stallTotalNs, stallTotalNs * 3 / 4, stallTotalNs / 4, seekPerDispatch,
                seekPerDispatch, hazards, deadlockNs >= 0 ? 1 : 0, strategyCounters,
                deadlockNs >= 0 ? ",\"deadlock\":{\"timeNs\":" + deadlockNs + ",\"task\":\"kswapd0\",\"subject\":\"page 64\","
                        + "\"description\":\"kswapd0 waits for page 64 held by writer[3], which waits for memory\"}" : "",
                deadlockNs >= 0));
        try (PrintStream ps = new PrintStream(Files.newOutputStream(run.resolve("histograms.hlog")), true, StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputBaseTime(0);
            Histogram io = new Histogram(3);
            io.setTag("io-size");
            io.recordValueWithCount(4096, 100);
            io.recordValueWithCount(ioMeanBytes, 80);
            w.outputIntervalHistogram(io);
            Histogram seek = new Histogram(3);
            seek.setTag("seek-distance");
            seek.recordValueWithCount(0, 50);
            seek.recordValueWithCount(seekPerDispatch, 150);
            w.outputIntervalHistogram(seek);
            Histogram stall = new Histogram(3);
            stall.setTag("stall-all");
            for (int i = 1; i <= 1000; i++) {
                stall.recordValue(i * stallP99Ns / 990);
            }
            w.outputIntervalHistogram(stall);
        }
        StringBuilder ts = new StringBuilder("time_s,dirty_pages,writeback_pages,free_pages,write_mb_s,read_mb_s,stall_ms\n");
        for (int i = 0; i <= 20; i++) {
            ts.append(i / 10.0).append(',').append(i * 100).append(',').append(i * 10).append(",5000,10,0,").append(i % 3 * 4.5).append("\n");
        }
        Files.writeString(run.resolve("timeseries.csv"), ts);
        return dir.relativize(run).toString();
    }

    /**
     * Three strategies on one trace and configuration: writepage (the baseline), write-ahead and
     * no-reclaim-writeback, each a run directory under {@code dir/cells}; the report goes in {@code dir}.
     */
    static ReportInfo threeStrategies(Path dir) throws IOException {
        List<ReportInfo.CellEntry> cells = new ArrayList<>();
        cells.add(new ReportInfo.CellEntry(0, "seq.csv", "mem=1g", "writepage", run(dir, "writepage", 4096, 40_000_000, 5000, 3, "{}")));
        cells.add(new ReportInfo.CellEntry(1, "seq.csv", "mem=1g", "write-ahead", run(dir, "write-ahead", 65536, 10_000_000, 800, 0, "{}")));
        cells.add(new ReportInfo.CellEntry(2, "seq.csv", "mem=1g", "no-reclaim-writeback", run(dir, "no-reclaim-writeback", 524288, 90_000_000, 100, 0,
                "{\"pageoutWorksQueued\":12,\"pageoutWorksRefused\":3}")));
        return new ReportInfo("test comparison", "wbreplay compare --seed 7", 7, "writepage",
                Map.of("memory", "1g"), cells);
    }

    /**
     * Two strategies whose runs came out the same, as when reclaim meets no dirty page: writepage and
     * the baseline no-reclaim-writeback, both with 512 KiB requests, no seek and nothing written by reclaim.
     */
    static ReportInfo alike(Path dir) throws IOException {
        List<ReportInfo.CellEntry> cells = new ArrayList<>();
        for (String s : List.of("writepage", "no-reclaim-writeback")) {
            cells.add(new ReportInfo.CellEntry(cells.size(), "files.csv", "kernel=6.x", s, run(dir, s, 524288, 12_000_000, 0, 0, "{}")));
        }
        return new ReportInfo("alike", "wbreplay compare --seed 1", 1, "no-reclaim-writeback", Map.of("kernel", "6.x"), cells);
    }

    /**
     * Three strategies, three runs each, against the baseline no-reclaim-writeback, with hand-chosen
     * numbers: stall p99 of write-ahead 10, 11, 12 ms against the baseline's 40, 41, 42 ms (a clear
     * difference); stall totals 49, 51, 53 ms against 50, 51, 52 ms (the same mean: noise); and
     * write-around, whose runs deadlock at 1.85 s and stop, with the lowest numbers (5 ms p99, 10 ms
     * in total) of a run cut short, as in the README's btrfs example.
     */
    static ReportInfo repeated(Path dir) throws IOException {
        List<ReportInfo.CellEntry> cells = new ArrayList<>();
        long[][] p99 = {{40, 41, 42}, {10, 11, 12}, {5, 5, 5}};
        long[][] total = {{50, 51, 52}, {49, 51, 53}, {10, 10, 10}};
        String[] strategies = {"no-reclaim-writeback", "write-ahead", "write-around"};
        int index = 0;
        for (int s = 0; s < strategies.length; s++) {
            for (int r = 0; r < 3; r++) {
                String name = strategies[s] + "-run" + (r + 1);
                cells.add(new ReportInfo.CellEntry(index++, "hazards-256k.csv", "memory=28M", strategies[s],
                        run(dir, name, strategies[s], 262144, p99[s][r] * 1_000_000, 1000, s == 2 ? 1762 : 0, "{}",
                                total[s][r] * 1_000_000, s == 2 ? 1_850_000_000L : -1), r));
            }
        }
        return new ReportInfo("repeated comparison", "wbreplay 0.1.0", "0123abc", "wbreplay compare --runs 3 --seed 1", 1,
                "no-reclaim-writeback", 3, "rotational position random", "trace = hazards-256k.csv\n",
                Map.of("memory", "28M"), cells);
    }
}
