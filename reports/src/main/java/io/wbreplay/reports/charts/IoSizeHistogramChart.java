package io.wbreplay.reports.charts;

import io.wbreplay.reports.Cell;
import java.io.IOException;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The share of write dispatches by request size, in power-of-two buckets (4 KiB, 8 KiB, ... up to the
 * largest seen), one bar per strategy in each bucket.
 */
public final class IoSizeHistogramChart {
    public static final String TAG = "io-size";

    private IoSizeHistogramChart() {
    }

    public static JFreeChart build(String group, List<Cell> cells, List<String> strategies) throws IOException {
        int buckets = 1;
        for (Cell c : cells) {
            Histogram h = c.run().histogram(TAG);
            if (h.getTotalCount() > 0) {
                buckets = Math.max(buckets, bucket(h.lowestEquivalentValue(h.getMaxValue())) + 1);
            }
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Cell c : cells) {
            Histogram h = c.run().histogram(TAG);
            double[] share = new double[buckets];
            double total = Math.max(1, h.getTotalCount());
            for (HistogramIterationValue v : h.recordedValues()) {
                share[bucket(h.lowestEquivalentValue(v.getValueIteratedTo()))] += 100.0 * v.getCountAtValueIteratedTo() / total;
            }
            for (int b = 0; b < buckets; b++) {
                data.addValue(share[b], c.strategy(), label(4096L << b));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Write request sizes — " + group,
                "request size (up to, power-of-two buckets)", "write dispatches (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(new java.awt.Color(0xDDDDDD));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        for (int s = 0; s < data.getRowCount(); s++) {
            renderer.setSeriesPaint(s, ChartStyle.colour(strategies.indexOf((String) data.getRowKey(s))));
        }
        CategoryAxis x = plot.getDomainAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setLabelFont(ChartStyle.LABEL);
        x.setTickLabelFont(ChartStyle.TICK);
        plot.getRangeAxis().setLabelFont(ChartStyle.LABEL);
        plot.getRangeAxis().setTickLabelFont(ChartStyle.TICK);
        chart.getTitle().setFont(ChartStyle.TITLE);
        return ChartStyle.finish(chart);
    }

    /** Bucket 0 holds sizes up to 4 KiB, bucket k sizes in (2^(k-1), 2^k] x 4 KiB. */
    static int bucket(long bytes) {
        if (bytes <= 4096) {
            return 0;
        }
        return 64 - Long.numberOfLeadingZeros((bytes - 1) / 4096);
    }

    static String label(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
