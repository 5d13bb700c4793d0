package io.wbreplay.reports.charts;

import io.wbreplay.reports.Cell;
import java.io.IOException;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The stall latency percentile spectrum as HdrHistogram plots it: stall length against percentile, the
 * percentile on a log axis of 1/(1-p) so that 90 %, 99 %, 99.9 % sit a decade apart.
 */
public final class StallSpectrumChart {
    public static final String TAG = "stall-all";

    private StallSpectrumChart() {
    }

    public static JFreeChart build(String group, List<Cell> cells, List<String> strategies) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> order = new ArrayList<>();
        double maxX = 10;
        for (Cell c : cells) {
            Histogram h = c.run().histogram(TAG);
            if (h.getTotalCount() == 0) {
                continue;
            }
            XYSeries s = new XYSeries(c.strategy(), false, true);
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 1.0) {
                    break;
                }
                double x = 1.0 / (1.0 - p);
                s.add(x, Math.max(h.highestEquivalentValue(v.getValueIteratedTo()), 1) / 1e6);
                maxX = Math.max(maxX, x);
            }
            // the maximum, placed one step past the last percentile so the tail shows
            s.add(maxX * 2, Math.max(h.getMaxValue(), 1) / 1e6);
            data.addSeries(s);
            order.add(c.strategy());
        }
        LogAxis x = ChartStyle.logAxis("percentile (log scale of 1/(1-p))");
        x.setNumberFormatOverride(new PercentileFormat());
        LogAxis y = ChartStyle.logAxis("stall (ms, log)");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        ChartStyle.plot(plot);
        ChartStyle.series(renderer, data.getSeriesCount(), strategies, order);
        return ChartStyle.finish(new JFreeChart("Stall percentile spectrum — " + group, ChartStyle.TITLE, plot, true));
    }

    /** Shows the axis value 1/(1-p) as the percentile it stands for: 10 -> 90%, 1000 -> 99.9%. */
    static final class PercentileFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
            double p = 100.0 * (1.0 - 1.0 / number);
            String s = new java.text.DecimalFormat("0.#####").format(p);
            return to.append(s).append('%');
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            return null;
        }
    }
}
