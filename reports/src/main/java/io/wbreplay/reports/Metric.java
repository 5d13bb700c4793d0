package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import java.util.List;
import java.util.Locale;

/**
 * One column of the side-by-side table: where its value sits in summary.json, how it is shown, and
 * which direction is better (for marking the best value and reading the ratios to the baseline).
 */
public record Metric(String key, String header, String unit, Better better, double scale, String definition) {
    /** Which value of a column is best. */
    public enum Better { LOWER, HIGHER, NEITHER }

    /** Not in summary.json: the sum of its {@code hazards} counts. */
    static final String HAZARDS_TOTAL = "hazardsTotal";

    /** The columns of summary.csv and the rows of the HTML and text tables, in order, each defined. */
    public static final List<Metric> TABLE = List.of(
            new Metric(DISPATCHES, "dispatches", "", Better.NEITHER, 1,
                    "requests the simulated disk served (D events), reads and writes"),
            new Metric(WRITE_DISPATCHES, "write dispatches", "", Better.LOWER, 1,
                    "write requests the disk served: fewer for the same data means larger requests"),
            new Metric(path(IO_SIZE, MEAN), "I/O size mean", "KiB", Better.HIGHER, 1.0 / 1024,
                    "mean size of a write request as dispatched, after the elevator's merges"),
            new Metric(path(IO_SIZE, P50), "I/O size median", "KiB", Better.HIGHER, 1.0 / 1024,
                    "median size of a write request as dispatched"),
            new Metric(path(D2D, MEAN), "D2D seek mean", "sectors", Better.LOWER, 1,
                    "btt's mean distance between the end of one dispatch and the start of the next, in 512-byte sectors"),
            new Metric(path(SEEK_DISTANCE, P50), "D2D seek median", "sectors", Better.LOWER, 1,
                    "true median of those distances (btt's own MEDIAN is computed differently)"),
            new Metric(SEQUENTIAL_FRACTION, "sequential", "%", Better.HIGHER, 100,
                    "dispatches that start where the previous one ended"),
            new Metric(path(STALL_NS, P50), "stall p50", "ms", Better.LOWER, 1e-6,
                    "median length of a stall: time a writer is kept from its next record (throttling, reclaim, locks, I/O waits)"),
            new Metric(path(STALL_NS, P99), "stall p99", "ms", Better.LOWER, 1e-6, "99th percentile of the stall length"),
            new Metric(path(STALL_NS, MAX), "stall max", "ms", Better.LOWER, 1e-6, "the longest single stall"),
            new Metric(path(STALL_NS, TOTAL), "stall total", "s", Better.LOWER, 1e-9,
                    "all stalls of all writers added up: the time the workload lost"),
            new Metric(PAGES_WRITTEN_BY_RECLAIM, "pages written by reclaim", "", Better.NEITHER, 1,
                    "4 KiB pages that kswapd or direct reclaim wrote (nr_vmscan_write)"),
            new Metric(PAGES_WRITTEN_BY_FLUSHER, "pages written by flusher", "", Better.NEITHER, 1,
                    "pages the flusher thread wrote (background, periodic, sync and pageout works)"),
            new Metric(TIME_TO_CLEAN_NS, "time to clean", "s", Better.LOWER, 1e-9,
                    "after the last record, simulated time until no page is dirty or under writeback"),
            new Metric(HAZARDS_TOTAL, "hazards", "", Better.LOWER, 1,
                    "lock-order, deadlock, iput-in-reclaim, mapping-after-unlock and use-after-free events"));

    /**
     * The value in display units; NaN when the run has no data for it: I/O sizes without a write,
     * seeks without two dispatches, stall lengths without a stall, time to clean of a run that never
     * got clean (-1), or a key the run did not record.
     */
    public double value(RunDirectory run) {
        if (key.startsWith(IO_SIZE + ".") && run.number(WRITE_DISPATCHES) == 0
                || (key.startsWith(D2D + ".") || key.startsWith(SEEK_DISTANCE + ".") || key.equals(SEQUENTIAL_FRACTION))
                        && run.number(path(D2D, NSEEKS)) == 0
                || key.startsWith(STALL_NS + ".") && !key.equals(path(STALL_NS, TOTAL)) && run.number(path(STALL_NS, COUNT)) == 0) {
            return Double.NaN;
        }
        double raw = HAZARDS_TOTAL.equals(key) ? hazardsTotal(run) : run.number(key);
        return raw < 0 && TIME_TO_CLEAN_NS.equals(key) ? Double.NaN : raw * scale;
    }

    static double hazardsTotal(RunDirectory run) {
        double sum = 0;
        boolean any = false;
        for (var e : run.summary().entrySet()) {
            if (e.getKey().startsWith(HAZARDS + ".") && e.getValue() instanceof Number) {
                sum += ((Number) e.getValue()).doubleValue();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** The table metric with {@code key}. */
    public static Metric byKey(String key) {
        for (Metric m : TABLE) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no table metric " + key);
    }

    /** Header with its unit, e.g. {@code stall p99 (ms)}. */
    public String title() {
        return unit.isEmpty() ? header : header + " (" + unit + ")";
    }

    /** A short, stable rendering: integers as integers, others with up to 3 significant decimals. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }
}
