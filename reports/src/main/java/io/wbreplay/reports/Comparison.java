package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cells of a sweep grouped by trace x configuration, strategies in a fixed order, with the
 * baseline strategy that ratios and tests are taken against. A strategy's repeated runs in a group
 * form its sample: a metric's mean, standard deviation and confidence interval, and Welch's t-test
 * against the baseline's sample.
 */
public final class Comparison {
    private final List<Cell> cells;
    private final List<String> strategies;
    private final String baseline;
    private final Map<String, List<RunDirectory>> samples = new LinkedHashMap<>();

    public Comparison(List<Cell> cells, String baseline) {
        this.cells = List.copyOf(cells);
        List<String> order = new ArrayList<>();
        for (Cell c : cells) {
            if (!order.contains(c.strategy())) {
                order.add(c.strategy());
            }
            samples.computeIfAbsent(key(c), k -> new ArrayList<>()).add(c.run());
        }
        this.strategies = List.copyOf(order);
        this.baseline = baseline;
    }

    private static String key(Cell c) {
        return c.group() + "\u0000" + c.strategy();
    }

    /** Every run, repetitions included, in sweep order. */
    public List<Cell> cells() {
        return cells;
    }

    /** Strategy names in first-seen order: the colour and row order of every chart and table. */
    public List<String> strategies() {
        return strategies;
    }

    public String baseline() {
        return baseline;
    }

    /** Runs per cell: the most repetitions any strategy of any group has. */
    public int runs() {
        int n = 1;
        for (List<RunDirectory> s : samples.values()) {
            n = Math.max(n, s.size());
        }
        return n;
    }

    /**
     * Groups ("trace / config") with the first run of each strategy, groups and strategies in sweep
     * order: what the charts draw and the tables have a column for.
     */
    public Map<String, List<Cell>> groups() {
        Map<String, List<Cell>> g = new LinkedHashMap<>();
        for (Cell c : cells) {
            List<Cell> list = g.computeIfAbsent(c.group(), k -> new ArrayList<>());
            if (list.stream().noneMatch(x -> x.strategy().equals(c.strategy()))) {
                list.add(c);
            }
        }
        return g;
    }

    /** All runs of {@code cell}'s strategy in its group. */
    public List<RunDirectory> sample(Cell cell) {
        return samples.getOrDefault(key(cell), List.of(cell.run()));
    }

    /** {@code metric} over the runs of {@code cell}'s strategy in its group. */
    public double[] values(Cell cell, Metric metric) {
        List<RunDirectory> runs = sample(cell);
        double[] v = new double[runs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = metric.value(runs.get(i));
        }
        return v;
    }

    public SampleStats stats(Cell cell, Metric metric) {
        return SampleStats.of(values(cell, metric));
    }

    /** The baseline's cell in {@code cell}'s group, or null if the group has none. */
    public Cell baselineOf(Cell cell) {
        for (Cell b : cells) {
            if (b.strategy().equals(baseline) && b.group().equals(cell.group())) {
                return b;
            }
        }
        return null;
    }

    /** Mean of {@code metric} of {@code cell} divided by the baseline's mean in the same group; NaN without one. */
    public double ratio(Cell cell, Metric metric) {
        Cell b = baselineOf(cell);
        if (b == null) {
            return Double.NaN;
        }
        double base = stats(b, metric).mean();
        double v = stats(cell, metric).mean();
        if (base == 0) {
            return v == 0 ? 1.0 : Double.NaN;
        }
        return v / base;
    }

    /** Welch's two-sided p-value of {@code cell}'s runs against the baseline's; NaN with fewer than two runs. */
    public double pValue(Cell cell, Metric metric) {
        Cell b = baselineOf(cell);
        return b == null ? Double.NaN : SampleStats.welchP(values(cell, metric), values(b, metric));
    }

    /** True if the difference from the baseline is significant (Welch, p < 0.05). */
    public boolean significant(Cell cell, Metric metric) {
        double p = pValue(cell, metric);
        return !Double.isNaN(p) && p < SampleStats.ALPHA;
    }

    /**
     * Why a run of {@code cell} does not stand for the whole trace, or null if every run went to the
     * end: it deadlocked (and stopped there), replayed fewer records than the other strategies, or
     * never got clean within the drain limit.
     */
    public String cutShort(Cell cell) {
        double most = 0;
        for (Cell c : cells) {
            if (c.group().equals(cell.group())) {
                most = Math.max(most, c.run().number("records"));
            }
        }
        for (RunDirectory r : sample(cell)) {
            if (Boolean.TRUE.equals(r.summary().get(DEADLOCKED))) {
                double at = r.number(path(HAZARD_FIRST, "deadlock", TIME_NS)) / 1e9;
                return "deadlocked at " + Metric.format(at) + " s, the run stopped there";
            }
            if (r.number("records") < most) {
                return "stopped after " + Metric.format(r.number("records")) + " of " + Metric.format(most) + " records";
            }
            if (r.number("timeToCleanNs") < 0) {
                return "never clean within the drain limit";
            }
        }
        return null;
    }

    /**
     * The index in {@code group} of the best mean of {@code metric}, or -1 when none stands out: only
     * runs that went to the end compete, and the best must beat every other of them significantly
     * (Welch, p < 0.05), which needs at least two runs per cell.
     */
    public int best(List<Cell> group, Metric metric) {
        if (metric.better() == Metric.Better.NEITHER) {
            return -1;
        }
        int best = -1;
        double bestValue = Double.NaN;
        for (int i = 0; i < group.size(); i++) {
            double v = stats(group.get(i), metric).mean();
            if (Double.isNaN(v) || cutShort(group.get(i)) != null) {
                continue;
            }
            if (best < 0 || (metric.better() == Metric.Better.LOWER ? v < bestValue : v > bestValue)) {
                best = i;
                bestValue = v;
            }
        }
        if (best < 0) {
            return -1;
        }
        for (int i = 0; i < group.size(); i++) {
            if (i == best || cutShort(group.get(i)) != null || Double.isNaN(stats(group.get(i), metric).mean())) {
                continue;
            }
            double p = SampleStats.welchP(values(group.get(best), metric), values(group.get(i), metric));
            if (Double.isNaN(p) || p >= SampleStats.ALPHA) {
                return -1;
            }
        }
        return best;
    }

    /** {@code 12.3 ± 0.4} (mean ± standard deviation), or the single value of one run; "n/a" without data. */
    public static String meanSd(SampleStats s) {
        if (s.n() == 0) {
            return "n/a";
        }
        if (s.n() == 1) {
            return Metric.format(s.mean());
        }
        return Metric.format(s.mean()) + " ± " + Metric.format(s.sd());
    }

    /** A p-value as a reader takes it in: {@code p<0.001}, {@code p=0.03}. */
    public static String formatP(double p) {
        if (Double.isNaN(p)) {
            return "";
        }
        return p < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", p);
    }
}
