package io.wbreplay.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a sweep grouped by trace x configuration, strategies in a fixed order, with the
 * baseline strategy that ratios are taken against.
 */
public final class Comparison {
    private final List<Cell> cells;
    private final List<String> strategies;
    private final String baseline;

    public Comparison(List<Cell> cells, String baseline) {
        this.cells = List.copyOf(cells);
        List<String> order = new ArrayList<>();
        for (Cell c : cells) {
            if (!order.contains(c.strategy())) {
                order.add(c.strategy());
            }
        }
        this.strategies = List.copyOf(order);
        this.baseline = baseline;
    }

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

    /** Cells by group ("trace / config"), groups and cells in sweep order. */
    public Map<String, List<Cell>> groups() {
        Map<String, List<Cell>> g = new LinkedHashMap<>();
        for (Cell c : cells) {
            g.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c);
        }
        return g;
    }

    /** {@code metric} of {@code cell} divided by the baseline's in the same group; NaN without one. */
    public double ratio(Cell cell, Metric metric) {
        for (Cell b : cells) {
            if (b.strategy().equals(baseline) && b.group().equals(cell.group())) {
                double base = metric.value(b.run());
                double v = metric.value(cell.run());
                if (base == 0) {
                    return v == 0 ? 1.0 : Double.NaN;
                }
                return v / base;
            }
        }
        return Double.NaN;
    }

    /** The index in {@code group} of the best value of {@code metric}, or -1 when none is better. */
    public static int best(List<Cell> group, Metric metric) {
        if (metric.better() == Metric.Better.NEITHER) {
            return -1;
        }
        int best = -1;
        double bestValue = Double.NaN;
        boolean tie = false;
        for (int i = 0; i < group.size(); i++) {
            double v = metric.value(group.get(i).run());
            if (Double.isNaN(v)) {
                continue;
            }
            boolean better = best < 0 || (metric.better() == Metric.Better.LOWER ? v < bestValue : v > bestValue);
            if (better) {
                best = i;
                bestValue = v;
                tie = false;
            } else if (v == bestValue) {
                tie = true;
            }
        }
        return tie ? -1 : best; // a tie for best marks nothing: no strategy stands out
    }
}
