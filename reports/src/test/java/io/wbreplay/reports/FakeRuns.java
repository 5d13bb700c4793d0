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
        Path run = dir.resolve("cells").resolve(strategy);
        Files.createDirectories(run);
        Files.writeString(run.resolve("summary.json"), """
                {"strategy":"%s","records":1000,"dispatches":200,"writeDispatches":180,
                 "ioSize":{"mean":%d,"p50":%d,"p90":0,"max":0},
                 "d2d":{"nseeks":200,"mean":%d,"median":0,"mode":0,"modeCount":10},"seekDistance":{"p50":%d},
                 "stallNs":{"count":10,"p50":1000000,"p99":%d,"max":%d,"total":50000000},
                 "counters":{"nr_vmscan_write":%d,"allocstall":3},
                 "hazards":{"lock-order":%d,"deadlock":0},"strategyCounters":%s,
                 "hazardFirst":{"lock-order":{"timeNs":1500000000,"task":"writer[7]","subject":"inode 2",
                   "description":"page 3 locked while page 5 of inode 2 is held"}},
                 "simulatedSeconds":2.0}
                """.formatted(strategy, ioMeanBytes, ioMeanBytes, seekPerDispatch, seekPerDispatch,
                stallP99Ns, stallP99Ns * 2, seekPerDispatch, hazards, strategyCounters));
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
}
