package io.wbreplay.reports.charts;

import io.wbreplay.reports.Cell;
import io.wbreplay.reports.DispatchPoints;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDotRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Sector against time of every dispatch, one small panel per strategy sharing the time axis: seeky
 * writeback shows as a cloud, sequential writeback as rising lines. Writes and reads in two colours.
 */
public final class DispatchScatterChart {
    /** Points per panel at most; beyond, every k-th dispatch is drawn. */
    public static final int MAX_POINTS = 40_000;
    private static final Color WRITE = new Color(0xD55E00);
    private static final Color READ = new Color(0x0072B2);

    private DispatchScatterChart() {
    }

    public static JFreeChart build(String group, List<Cell> cells) throws IOException {
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("simulated time (s)"));
        combined.setGap(8);
        for (Cell c : cells) {
            DispatchPoints p = DispatchPoints.read(c.run().dir(), MAX_POINTS);
            DefaultXYDataset data = new DefaultXYDataset();
            data.addSeries("writes", split(p, true));
            data.addSeries("reads", split(p, false));
            XYDotRenderer dots = new XYDotRenderer();
            dots.setDotWidth(2);
            dots.setDotHeight(2);
            dots.setSeriesPaint(0, WRITE);
            dots.setSeriesPaint(1, READ);
            if (combined.getSubplots().size() > 0) {
                dots.setDefaultSeriesVisibleInLegend(false); // every panel has the same two series: one legend
            }
            NumberAxis sector = new NumberAxis(c.strategy() + " (sector)");
            sector.setAutoRangeIncludesZero(false);
            sector.setLabelFont(ChartStyle.TICK);
            sector.setTickLabelFont(ChartStyle.TICK);
            XYPlot plot = new XYPlot(data, null, sector, dots);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(0xDDDDDD));
            plot.setRangeGridlinePaint(new Color(0xDDDDDD));
            combined.add(plot, 1);
        }
        ChartStyle.plot(combined);
        JFreeChart chart = new JFreeChart("Dispatched sector over time — " + group, ChartStyle.TITLE, combined, true);
        ChartStyle.finish(chart);
        chart.setAntiAlias(false); // many points: crisp and fast
        return chart;
    }

    private static double[][] split(DispatchPoints p, boolean writes) {
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            if (p.write[i] == writes) {
                n++;
            }
        }
        double[][] xy = new double[2][n];
        int k = 0;
        for (int i = 0; i < p.size(); i++) {
            if (p.write[i] == writes) {
                xy[0][k] = p.seconds[i];
                xy[1][k] = p.sectors[i];
                k++;
            }
        }
        return xy;
    }
}
