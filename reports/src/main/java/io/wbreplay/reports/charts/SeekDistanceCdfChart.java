package io.wbreplay.reports.charts;

import io.wbreplay.reports.Cell;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The cumulative distribution of D2D seek distances (btt's definition, absolute sectors) per strategy,
 * on a log distance axis. Sequential dispatches (distance 0) cannot sit on a log axis: they are drawn
 * at 1 sector, which the axis label says.
 */
public final class SeekDistanceCdfChart {
    public static final String TAG = "seek-distance";

    private SeekDistanceCdfChart() {
    }

    public static JFreeChart build(String group, List<Cell> cells, List<String> strategies) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> order = new ArrayList<>();
        for (Cell c : cells) {
            Histogram h = c.run().histogram(TAG);
            if (h.getTotalCount() == 0) {
                continue;
            }
            XYSeries s = new XYSeries(c.strategy(), false, true);
            double total = h.getTotalCount();
            long cumulative = 0;
            s.add(1.0, 0.0);
            // logarithmic buckets, 10 % wide: the curve of the log axis without a point per distinct distance
            for (HistogramIterationValue v : h.logarithmicBucketValues(1, 1.1)) {
                cumulative += v.getCountAddedInThisIterationStep();
                double x = Math.max(1.0, v.getValueIteratedTo());
                double y = 100.0 * cumulative / total;
                if (s.getItemCount() > 0 && y != s.getY(s.getItemCount() - 1).doubleValue()) {
                    s.add(x, s.getY(s.getItemCount() - 1), false); // the step: flat to x, then up
                    s.add(x, y, false);
                } else if (s.getItemCount() == 0 || x > s.getX(s.getItemCount() - 1).doubleValue()) {
                    s.add(x, y, false);
                }
            }
            data.addSeries(s);
            order.add(c.strategy());
        }
        NumberAxis y = new NumberAxis("dispatches at or below this distance (%)");
        y.setRange(0, 100.5);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true); // one SVG path per curve
        XYPlot plot = new XYPlot(data, ChartStyle.logAxis("D2D seek distance (sectors, log; sequential shown at 1)"), y, renderer);
        ChartStyle.plot(plot);
        ChartStyle.series(renderer, data.getSeriesCount(), strategies, order);
        return ChartStyle.finish(new JFreeChart("Seek distance CDF — " + group, ChartStyle.TITLE, plot, true));
    }
}
