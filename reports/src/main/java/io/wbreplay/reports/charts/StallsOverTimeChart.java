package io.wbreplay.reports.charts;

import io.wbreplay.reports.Cell;
import io.wbreplay.reports.TimeSeries;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * When the writers stalled: per strategy (one panel each, sharing the time axis) the stall time of the
 * stalls that ended in each interval of the run's time series (timeseries.csv's stall_ms, 100 ms),
 * merged into at most {@link #MAX_BINS} bins so long runs stay light.
 */
public final class StallsOverTimeChart {
    static final int MAX_BINS = 250;

    private StallsOverTimeChart() {
    }

    public static JFreeChart build(String group, List<Cell> cells, List<String> strategies) throws IOException {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("simulated time (s)"));
        combined.setGap(6);
        for (Cell c : cells) {
            TimeSeries ts = c.run().timeSeries();
            double[] t = ts.column("time_s");
            double[] v = ts.column("stall_ms");
            XYSeries s = new XYSeries(c.strategy(), false, true);
            if (t != null && v != null && t.length > 0) {
                int per = Math.max(1, (t.length + MAX_BINS - 1) / MAX_BINS);
                double interval = t.length > 1 ? t[1] - t[0] : 0.1;
                for (int i = 0; i < t.length; i += per) {
                    double sum = 0;
                    int end = Math.min(t.length, i + per);
                    for (int j = i; j < end; j++) {
                        sum += v[j];
                    }
                    // stall per second of the bin: a share of time lost, comparable across bin widths
                    s.add(t[end - 1], sum / ((end - i) * interval * 1000), false);
                }
            }
            XYLineAndShapeRenderer area = new XYLineAndShapeRenderer(true, false);
            area.setDrawSeriesLineAsPath(true); // one SVG path per panel
            area.setSeriesPaint(0, ChartStyle.colour(strategies.indexOf(c.strategy())));
            area.setSeriesStroke(0, new java.awt.BasicStroke(1.5f));
            combined.add(ChartStyle.panel(new XYSeriesCollection(s), area, new NumberAxis("s/s"), c.strategy()), 1);
        }
        ChartStyle.plot(combined);
        JFreeChart chart = new JFreeChart("Stall seconds per second of run, over time — " + group, ChartStyle.TITLE, combined, false);
        return ChartStyle.finish(chart);
    }
}
