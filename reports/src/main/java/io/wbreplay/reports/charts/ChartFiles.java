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
        String name = base.getFileName().toString();
        AtomicOutput png = AtomicOutput.create(base.resolveSibling(name + ".png"));
        try {
            ChartUtils.writeChartAsPNG(png, chart, width, height);
        } catch (IOException | RuntimeException e) {
            png.abandon();
            throw e;
        }
        png.close();
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("wbreplay-"); // the default prefix is the wall clock: same chart, same bytes
        chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, width, height));
        AtomicOutput.writeString(base.resolveSibling(name + ".svg"), g.getSVGDocument());
    }
}
