package io.wbreplay.reports.charts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.wbreplay.reports.JmhResults;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** JMH scores of the benchmarks that share one unit, as horizontal bars. */
public final class JmhChart {
    private JmhChart() {
    }

    private static Map<String, String> params(JmhResults.Row r) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!r.params().isEmpty()) {
            for (String kv : r.params().split(", ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    public static JFreeChart build(String unit, List<JmhResults.Row> rows) {
        List<JmhResults.Row> shown = rows.stream().filter(r -> r.unit().equals(unit) && !Double.isNaN(r.score())).toList();
        // label each bar with the parameters that differ between the bars, so that long fixed ones do not hide them
        Map<String, Set<String>> values = new HashMap<>();
        for (JmhResults.Row r : shown) {
            params(r).forEach((k, v) -> values.computeIfAbsent(k, x -> new HashSet<>()).add(v));
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (JmhResults.Row r : shown) {
            StringBuilder varying = new StringBuilder();
            params(r).forEach((k, v) -> {
                if (values.get(k).size() > 1) {
                    varying.append(varying.length() == 0 ? "" : ", ").append(k).append('=').append(v);
                }
            });
            String label = varying.length() == 0 ? r.shortName() : r.shortName() + " [" + varying + "]";
            data.addValue(r.score(), "score", label);
        }
        JFreeChart chart = ChartFactory.createBarChart("JMH results (" + unit + ")", null, unit, data,
                PlotOrientation.HORIZONTAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(new java.awt.Color(0xDDDDDD));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ChartStyle.colour(0));
        plot.getDomainAxis().setTickLabelFont(ChartStyle.TICK);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.5f); // whole labels: they name what differs
        plot.getRangeAxis().setLabelFont(ChartStyle.LABEL);
        plot.getRangeAxis().setTickLabelFont(ChartStyle.TICK);
        chart.getTitle().setFont(ChartStyle.TITLE);
        return ChartStyle.finish(chart);
    }
}
