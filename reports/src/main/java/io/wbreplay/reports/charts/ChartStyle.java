package io.wbreplay.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;

/** One look for every chart: white background, readable fonts, one fixed colour per strategy. */
public final class ChartStyle {
    /** Colour-blind-safe palette (Okabe-Ito), in strategy order. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ChartStyle() {
    }

    /** The colour of the {@code i}-th strategy of a comparison. */
    public static Paint colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** Applies fonts, background and a legend at the bottom. */
    static JFreeChart finish(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LABEL);
            legend.setPosition(RectangleEdge.BOTTOM);
        }
        return chart;
    }

    static void plot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        for (var axis : new org.jfree.chart.axis.Axis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
            if (axis != null) { // a combined plot's panels carry their own range axes
                axis.setLabelFont(LABEL);
                axis.setTickLabelFont(TICK);
            }
        }
    }

    /** Colours and line widths of the series named in {@code strategies}. */
    static void series(XYItemRenderer renderer, int count, List<String> strategies, List<String> seriesStrategy) {
        for (int s = 0; s < count; s++) {
            renderer.setSeriesPaint(s, colour(strategies.indexOf(seriesStrategy.get(s))));
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
    }

    /** A log axis with plain-number ticks (1, 10, 100 ...), as ECOSYSTEM.md recommends. */
    static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1.0), false, false);
        axis.setAutoTickUnitSelection(false); // one tick per decade, whatever the labels' width
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###")); // 1, 10, 100 rather than 10^n
        axis.setMinorTickMarksVisible(true);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        return axis;
    }

    /**
     * One panel of a combined plot sharing the time axis: {@code data} drawn by {@code renderer} against
     * a small y axis {@code yLabel}, named {@code name} inside it, top left (a rotated axis label would
     * not fit a short panel).
     */
    static XYPlot panel(org.jfree.data.xy.XYDataset data, org.jfree.chart.renderer.xy.XYItemRenderer renderer,
                        org.jfree.chart.axis.NumberAxis y, String name) {
        y.setLabelFont(TICK);
        y.setTickLabelFont(TICK);
        XYPlot plot = new XYPlot(data, null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        org.jfree.chart.title.TextTitle t = new org.jfree.chart.title.TextTitle(name, LABEL);
        t.setBackgroundPaint(new Color(255, 255, 255, 200));
        plot.addAnnotation(new org.jfree.chart.annotations.XYTitleAnnotation(0.005, 0.98, t,
                org.jfree.chart.ui.RectangleAnchor.TOP_LEFT));
        return plot;
    }
}
