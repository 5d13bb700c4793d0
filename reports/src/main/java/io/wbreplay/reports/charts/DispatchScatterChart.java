package io.wbreplay.reports.charts;

import io.wbreplay.reports.Cell;
import io.wbreplay.reports.DispatchPoints;
import io.wbreplay.replay.sim.IoOrigin;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.renderer.xy.XYDotRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Sector against time of every dispatch, one small panel per strategy sharing the time axis: seeky
 * writeback shows as a cloud, sequential writeback as rising lines. Each dispatch is coloured by who
 * submitted it (the dispatch log's pid): reclaim, the flusher (its pageout works apart), the writer
 * itself, or a read.
 */
public final class DispatchScatterChart {
    /** Points per panel at most; beyond, every k-th dispatch is drawn (keeps the SVG small). */
    public static final int MAX_POINTS = 4_000;
    /** The colour groups, in legend order. */
    static final String[] GROUPS = {"reclaim", "flusher", "flusher pageout work", "writer (fsync, own writes)", "read"};
    private static final Color[] COLOURS = {new Color(0xD55E00), new Color(0x0072B2), new Color(0xCC79A7),
        new Color(0x009E73), new Color(0x888888)};

    private DispatchScatterChart() {
    }

    /** The colour group of an origin. */
    static int group(IoOrigin o) {
        return switch (o) {
            case RECLAIM -> 0;
            case FLUSHER_BACKGROUND, FLUSHER_KUPDATE, FLUSHER_SYNC -> 1;
            case FLUSHER_PAGEOUT -> 2;
            case WRITER -> 3;
            case READ -> 4;
        };
    }

    public static JFreeChart build(String group, List<Cell> cells) throws IOException {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("simulated time (s)"));
        combined.setGap(8);
        for (Cell c : cells) {
            DispatchPoints p = DispatchPoints.read(c.run().dir(), MAX_POINTS);
            DefaultXYDataset data = new DefaultXYDataset();
            XYDotRenderer dots = new XYDotRenderer();
            dots.setDotWidth(2);
            dots.setDotHeight(2);
            for (int g = 0; g < GROUPS.length; g++) {
                data.addSeries(GROUPS[g], split(p, g));
                dots.setSeriesPaint(g, COLOURS[g]);
            }
            if (combined.getSubplots().size() > 0) {
                dots.setDefaultSeriesVisibleInLegend(false); // every panel has the same series: one legend
            }
            NumberAxis sector = new NumberAxis("sector");
            sector.setAutoRangeIncludesZero(false);
            combined.add(ChartStyle.panel(data, dots, sector, c.strategy()), 1);
        }
        ChartStyle.plot(combined);
        JFreeChart chart = new JFreeChart("Dispatched sector over time, by who submitted it — " + group, ChartStyle.TITLE, combined, true);
        ChartStyle.finish(chart);
        chart.setAntiAlias(false); // many points: crisp and fast
        return chart;
    }

    private static double[][] split(DispatchPoints p, int group) {
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            if (group(p.origin[i]) == group) {
                n++;
            }
        }
        double[][] xy = new double[2][n];
        int k = 0;
        for (int i = 0; i < p.size(); i++) {
            if (group(p.origin[i]) == group) {
                xy[0][k] = p.seconds[i];
                xy[1][k] = p.sectors[i];
                k++;
            }
        }
        return xy;
    }
}
