package io.wbreplay.reports.charts;

import io.wbreplay.reports.Validation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** wbreplay validate's overlays, real against model: dirty pages, the file LRU's inactive share and the Normal zone over the run, and the dispatched write sizes. */
public final class ValidationCharts {
    /** Draws them into files (SVG and PNG, 900 x 420) for {@link Validation#writeHtml}. */
    public static final Validation.Charts FILES = new Validation.Charts() {
        @Override
        public void dirtyOverTime(Path file, String name, List<double[]> real, List<double[]> model) throws IOException {
            ChartFiles.write(ValidationCharts.dirtyOverTime(name, real, model), file, 900, 420);
        }

        @Override
        public void writeSizes(Path file, String name, NavigableMap<Long, Long> real, NavigableMap<Long, Long> model)
                throws IOException {
            ChartFiles.write(ValidationCharts.writeSizes(name, real, model), file, 900, 420);
        }

        @Override
        public void lruOverTime(Path file, String name, List<double[]> real, List<double[]> model) throws IOException {
            ChartFiles.write(ValidationCharts.lruOverTime(name, real, model), file, 900, 420);
        }

        @Override
        public void zoneOverTime(Path file, String name, List<double[]> realFree, List<double[]> realMin, List<double[]> modelFree,
                List<double[]> modelMin) throws IOException {
            ChartFiles.write(ValidationCharts.zoneOverTime(name, realFree, realMin, modelFree, modelMin), file, 900, 420);
        }
    };

    private ValidationCharts() {
    }

    /**
     * Dirty pages over time: {@code real} as {time_s, pages} points, {@code model} likewise.
     */
    public static JFreeChart dirtyOverTime(String name, List<double[]> real, List<double[]> model) {
        return overTime("Dirty pages over the run — " + name, "time since the first system call (s)", "dirty pages", real, model);
    }

    /** The inactive share of the file LRU over time: {@code real} at meminfo's samples, {@code model} at its own. */
    public static JFreeChart lruOverTime(String name, List<double[]> real, List<double[]> model) {
        return overTime("Inactive share of the file LRU — " + name, "time since the workload began (s)",
                "inactive / (active + inactive) file pages", real, model);
    }

    /**
     * The Normal zone over time: free pages (solid) and the min watermark raised by the boost (dashed), the
     * real ones at zoneinfo's one-a-second samples, the model's at its 100 ms samples.
     */
    public static JFreeChart zoneOverTime(String name, List<double[]> realFree, List<double[]> realMin, List<double[]> modelFree,
            List<double[]> modelMin) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("real free", realFree));
        data.addSeries(series("model free", modelFree));
        data.addSeries(series("real min + boost", realMin));
        data.addSeries(series("model min + boost", modelMin));
        XYLineAndShapeRenderer renderer = lines(2);
        java.awt.BasicStroke dashed = new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f);
        for (int i = 2; i < 4; i++) {
            renderer.setSeriesPaint(i, ChartStyle.colour(i - 2));
            renderer.setSeriesStroke(i, dashed);
        }
        XYPlot plot = new XYPlot(data, new NumberAxis("time since the workload began (s)"), new NumberAxis("pages"), renderer);
        ChartStyle.plot(plot);
        return ChartStyle.finish(new JFreeChart("Normal zone: free pages and min + boost — " + name, ChartStyle.TITLE,
                plot, true));
    }

    /** A line renderer, series 0 in the real side's colour and 1 in the model's (the first {@code n}). */
    private static XYLineAndShapeRenderer lines(int n) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < n; i++) {
            renderer.setSeriesPaint(i, ChartStyle.colour(i));
        }
        return renderer;
    }

    private static JFreeChart overTime(String title, String xLabel, String yLabel, List<double[]> real, List<double[]> model) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("real", real));
        data.addSeries(series("model", model));
        XYLineAndShapeRenderer renderer = lines(2);
        XYPlot plot = new XYPlot(data, new NumberAxis(xLabel), new NumberAxis(yLabel), renderer);
        ChartStyle.plot(plot);
        return ChartStyle.finish(new JFreeChart(title, ChartStyle.TITLE, plot, true));
    }

    private static XYSeries series(String key, List<double[]> points) {
        XYSeries s = new XYSeries(key, false, true);
        for (double[] p : points) {
            s.add(p[0], p[1], false);
        }
        return s;
    }

    /** The share of dispatched writes per power-of-two size class (KiB, upper bound), real and model side by side. */
    public static JFreeChart writeSizes(String name, NavigableMap<Long, Long> real, NavigableMap<Long, Long> model) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (NavigableMap<Long, Long> m : List.of(real, model)) {
            if (!m.isEmpty()) {
                lo = Math.min(lo, sizeClass(m.firstKey()));
                hi = Math.max(hi, sizeClass(m.lastKey()));
            }
        }
        for (long c = lo; c <= hi && hi > 0; c <<= 1) {
            data.addValue(share(real, c), "real", label(c));
            data.addValue(share(model, c), "model", label(c));
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ChartStyle.colour(0));
        renderer.setSeriesPaint(1, ChartStyle.colour(1));
        CategoryAxis sizes = new CategoryAxis("write request size, up to (KiB)");
        sizes.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        CategoryPlot plot = new CategoryPlot(data, sizes, new NumberAxis("share of write dispatches"), renderer);
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(new java.awt.Color(0xDDDDDD));
        return ChartStyle.finish(new JFreeChart("Write request sizes — " + name, ChartStyle.TITLE, plot, true));
    }

    /** The power of two at or above {@code bytes}. */
    static long sizeClass(long bytes) {
        return bytes <= 1 ? 1 : Long.highestOneBit(bytes - 1) << 1;
    }

    private static double share(NavigableMap<Long, Long> m, long sizeClass) {
        long n = 0;
        long in = 0;
        for (Map.Entry<Long, Long> e : m.entrySet()) {
            n += e.getValue();
            if (sizeClass(e.getKey()) == sizeClass) {
                in += e.getValue();
            }
        }
        return n == 0 ? 0 : (double) in / n;
    }

    private static String label(long bytes) {
        return bytes >= 1024 ? Long.toString(bytes / 1024) : "<1";
    }
}
