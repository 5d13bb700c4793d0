package io.wbreplay.reports.charts;

import io.wbreplay.reports.Comparison;
import io.wbreplay.reports.Cell;
import io.wbreplay.reports.Explain;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * One horizontal bar per strategy, stacked from parts that add up to its whole (means over the
 * repeated runs): stall time by cause, pages written by origin.
 */
public final class StackedBarsChart {
    /** Stall causes in {@code StallCause} order (Okabe-Ito): throttle, direct reclaim, page lock, writeback wait, queue full, sync I/O. */
    public static final Color[] CAUSES = {
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xCC79A7), new Color(0xF0E442), new Color(0x0072B2),
        new Color(0x009E73)};
    /** Origins: reclaim, flusher, writer, as in the dispatch scatter. */
    public static final Color[] ORIGINS = {new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73)};

    private StackedBarsChart() {
    }

    public static JFreeChart build(String title, String axis, Comparison cmp, List<Cell> cells, List<Explain.Row> parts,
                                   Color[] colours) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Explain.Row part : parts) {
            for (Cell c : cells) {
                double v = Explain.mean(part, cmp.sample(c));
                data.addValue(Double.isNaN(v) ? 0 : v, part.name(), c.strategy());
            }
        }
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.7);
        for (int i = 0; i < parts.size(); i++) {
            renderer.setSeriesPaint(i, colours[i % colours.length]);
        }
        CategoryAxis strategies = new CategoryAxis(null);
        strategies.setTickLabelFont(ChartStyle.LABEL);
        NumberAxis value = new NumberAxis(axis);
        value.setLabelFont(ChartStyle.LABEL);
        value.setTickLabelFont(ChartStyle.TICK);
        CategoryPlot plot = new CategoryPlot(data, strategies, value, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        return ChartStyle.finish(new JFreeChart(title, ChartStyle.TITLE, plot, true));
    }
}
