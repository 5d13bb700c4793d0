package io.wbreplay.reports.charts;

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

    public static JFreeChart build(String unit, List<JmhResults.Row> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (JmhResults.Row r : rows) {
            if (r.unit().equals(unit) && !Double.isNaN(r.score())) {
                String label = r.params().isEmpty() ? r.shortName() : r.shortName() + " [" + r.params() + "]";
                data.addValue(r.score(), "score", label);
            }
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
        plot.getRangeAxis().setLabelFont(ChartStyle.LABEL);
        plot.getRangeAxis().setTickLabelFont(ChartStyle.TICK);
        chart.getTitle().setFont(ChartStyle.TITLE);
        return ChartStyle.finish(chart);
    }
}
