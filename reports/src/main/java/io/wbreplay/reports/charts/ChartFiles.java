package io.wbreplay.reports.charts;

import io.wbreplay.traces.AtomicOutput;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** Writes a chart as PNG and SVG beside each other, each atomically and byte-identical for the same chart. */
public final class ChartFiles {
    private ChartFiles() {
    }

    /** Writes {@code base}.png and {@code base}.svg at the given size in pixels. */
    public static void write(JFreeChart chart, Path base, int width, int height) throws IOException {
        write(chart, base, width, height, true);
    }

    /** Writes {@code base}.png, and {@code base}.svg if {@code svg} (not for thousands of dots: megabytes of rects). */
    public static void write(JFreeChart chart, Path base, int width, int height, boolean svg) throws IOException {
        String name = base.getFileName().toString();
        AtomicOutput png = AtomicOutput.create(base.resolveSibling(name + ".png"));
        try {
            ChartUtils.writeChartAsPNG(png, chart, width, height);
        } catch (IOException | RuntimeException e) {
            png.abandon();
            throw e;
        }
        png.close();
        if (!svg) {
            return;
        }
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("wbreplay-"); // the default prefix is the wall clock: same chart, same bytes
        g.setGeomDoubleConverter(ChartFiles::tenth); // a tenth of a pixel is finer than any screen: shorter files
        chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, width, height));
        AtomicOutput.writeString(base.resolveSibling(name + ".svg"), g.getSVGDocument());
    }

    private static String tenth(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
