package io.wbreplay.reports.charts;

import io.wbreplay.reports.Cell;
import io.wbreplay.reports.TimeSeries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Dirty and writeback page-cache memory over simulated time, one line per strategy, stacked panels. */
public final class DirtyWritebackChart {
    private static final double PAGE_MIB = 4096.0 / (1 << 20);
    static final int MAX_POINTS = 400;

    private DirtyWritebackChart() {
    }

    public static JFreeChart build(String group, List<Cell> cells, List<String> strategies) throws IOException {
        NumberAxis time = new NumberAxis("simulated time (s)");
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
        combined.setGap(12);
        combined.add(panel("dirty_pages", "dirty (MiB)", cells, strategies), 1);
        XYPlot writeback = panel("writeback_pages", "under writeback (MiB)", cells, strategies);
        writeback.getRenderer().setDefaultSeriesVisibleInLegend(false); // one legend entry per strategy
        combined.add(writeback, 1);
        ChartStyle.plot(combined);
        return ChartStyle.finish(new JFreeChart("Dirty and writeback memory — " + group, ChartStyle.TITLE, combined, true));
    }

    private static XYPlot panel(String column, String label, List<Cell> cells, List<String> strategies) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> order = new ArrayList<>();
        for (Cell c : cells) {
            TimeSeries ts = c.run().timeSeries();
            double[] t = ts.column("time_s");
            double[] v = ts.column(column);
            if (t == null || v == null) {
                continue;
            }
            XYSeries s = new XYSeries(c.strategy(), false, true);
            int step = Math.max(1, t.length / MAX_POINTS); // a long drain: every k-th sample keeps the SVG light
            for (int i = 0; i < t.length; i += step) {
                s.add(t[i], v[i] * PAGE_MIB, false);
            }
            data.addSeries(s);
            order.add(c.strategy());
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true); // one SVG path per line, not an element per segment
        XYPlot plot = new XYPlot(data, null, new NumberAxis(label), renderer);
        ChartStyle.series(renderer, data.getSeriesCount(), strategies, order);
        plot.getRangeAxis().setLabelFont(ChartStyle.LABEL);
        plot.getRangeAxis().setTickLabelFont(ChartStyle.TICK);
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(new java.awt.Color(0xDDDDDD));
        plot.setDomainGridlinePaint(new java.awt.Color(0xDDDDDD));
        return plot;
    }
}
