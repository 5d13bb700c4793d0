package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import java.util.List;
import java.util.Locale;

/**
 * One column of the side-by-side table: where its value sits in summary.json, how it is shown, and
 * which direction is better (for marking the best value and reading the ratios to the baseline).
 */
public record Metric(String key, String header, String unit, Better better, double scale) {
    /** Which value of a column is best. */
    public enum Better { LOWER, HIGHER, NEITHER }

    /** Not in summary.json: the sum of its {@code hazards} counts. */
    static final String HAZARDS_TOTAL = "hazardsTotal";

    /** The columns of summary.csv and of the HTML table, in order (issue: strategies side by side). */
    public static final List<Metric> TABLE = List.of(
            new Metric(DISPATCHES, "dispatches", "", Better.NEITHER, 1),
            new Metric(WRITE_DISPATCHES, "write dispatches", "", Better.LOWER, 1),
            new Metric(path(IO_SIZE, MEAN), "I/O size mean", "KiB", Better.HIGHER, 1.0 / 1024),
            new Metric(path(IO_SIZE, P50), "I/O size median", "KiB", Better.HIGHER, 1.0 / 1024),
            new Metric(path(D2D, MEAN), "D2D seek mean", "sectors", Better.LOWER, 1),
            new Metric(path(SEEK_DISTANCE, P50), "D2D seek median", "sectors", Better.LOWER, 1),
            new Metric(SEQUENTIAL_FRACTION, "sequential", "%", Better.HIGHER, 100),
            new Metric(path(STALL_NS, P50), "stall p50", "ms", Better.LOWER, 1e-6),
            new Metric(path(STALL_NS, P99), "stall p99", "ms", Better.LOWER, 1e-6),
            new Metric(path(STALL_NS, MAX), "stall max", "ms", Better.LOWER, 1e-6),
            new Metric(path(STALL_NS, TOTAL), "stall total", "s", Better.LOWER, 1e-9),
            new Metric(PAGES_WRITTEN_BY_RECLAIM, "pages written by reclaim", "", Better.NEITHER, 1),
            new Metric(PAGES_WRITTEN_BY_FLUSHER, "pages written by flusher", "", Better.NEITHER, 1),
            new Metric(TIME_TO_CLEAN_NS, "time to clean", "s", Better.LOWER, 1e-9),
            new Metric(HAZARDS_TOTAL, "hazards", "", Better.LOWER, 1));

    /** The value in display units, NaN when the run did not record it (or never got clean: time to clean -1). */
    public double value(RunDirectory run) {
        double raw = HAZARDS_TOTAL.equals(key) ? hazardsTotal(run) : run.number(key);
        return raw < 0 && TIME_TO_CLEAN_NS.equals(key) ? Double.NaN : raw * scale;
    }

    private static double hazardsTotal(RunDirectory run) {
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
