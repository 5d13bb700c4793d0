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
        List<Histogram> drawn = new ArrayList<>();
        double maxX = 10;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Cell c : cells) {
            Histogram h = c.run().histogram(TAG);
            if (h.getTotalCount() == 0) {
                continue;
            }
            // a spectrum identical to an earlier one is named after it, so overlapping lines stay readable
            String name = c.strategy();
            for (int i = 0; i < drawn.size(); i++) {
                if (drawn.get(i).equals(h)) {
                    name += " (= " + order.get(i) + ")";
                    break;
                }
            }
            XYSeries s = new XYSeries(name, false, true);
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
            drawn.add(h);
            minY = Math.min(minY, s.getMinY());
            maxY = Math.max(maxY, s.getMaxY());
        }
        LogAxis x = ChartStyle.logAxis("percentile (log scale of 1/(1-p))");
        x.setNumberFormatOverride(new PercentileFormat());
        LogAxis y = ChartStyle.logAxis("stall (ms, log)");
        if (maxY > 0) { // whole decades, at least two ticks, however close the lines
            double lo = Math.pow(10, Math.floor(Math.log10(minY)));
            double hi = Math.pow(10, Math.ceil(Math.log10(maxY)));
            y.setRange(lo, Math.max(hi, lo * 10));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true); // one SVG path per line, not an element per segment
        XYPlot plot = new XYPlot(data, x, y, renderer);
        ChartStyle.plot(plot);
        ChartStyle.series(renderer, data.getSeriesCount(), strategies, order);
        for (int i = 0; i < data.getSeriesCount(); i++) { // later series thinner and dashed: lines on top of each other all show
            float w = Math.max(1.2f, 5f - 0.7f * i);
            renderer.setSeriesStroke(i, i == 0 ? new java.awt.BasicStroke(w)
                    : new java.awt.BasicStroke(w, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f + 2 * i, 4f}, 0f));
        }
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
