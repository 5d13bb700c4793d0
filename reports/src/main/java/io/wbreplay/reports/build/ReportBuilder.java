package io.wbreplay.reports.build;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import io.wbreplay.reports.Cell;
import io.wbreplay.reports.ChartKind;
import io.wbreplay.reports.Comparison;
import io.wbreplay.reports.Explain;
import io.wbreplay.reports.HtmlReport;
import io.wbreplay.reports.JmhResults;
import io.wbreplay.reports.ReportInfo;
import io.wbreplay.reports.Slug;
import io.wbreplay.reports.SummaryCsv;
import io.wbreplay.reports.TextReport;
import io.wbreplay.reports.charts.ChartFiles;
import io.wbreplay.reports.charts.DirtyWritebackChart;
import io.wbreplay.reports.charts.DispatchScatterChart;
import io.wbreplay.reports.charts.IoSizeHistogramChart;
import io.wbreplay.reports.charts.JmhChart;
import io.wbreplay.reports.charts.SeekDistanceCdfChart;
import io.wbreplay.reports.charts.StackedBarsChart;
import io.wbreplay.reports.charts.StallsOverTimeChart;
import io.wbreplay.reports.charts.StallSpectrumChart;
import io.wbreplay.traces.AtomicOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.jfree.chart.JFreeChart;

/**
 * Builds a report directory from the cells' run directories: summary.csv, one HdrHistogram log per
 * group and measure (a tag per strategy), the charts (PNG and SVG) and index.html. The one class that
 * knows both the report's model ({@code reports}) and the drawing ({@code reports.charts}).
 */
public final class ReportBuilder {
    /** The histogram logs written per group: file suffix and the run-histogram tag it gathers. */
    static final Map<String, String> LOGS = Map.of("stalls", StallSpectrumChart.TAG, "io-size", IoSizeHistogramChart.TAG);

    public static final String CHARTS = ChartKind.DIR;
    /** The plain-text comparison (compare-kernels' shape), for a mail. */
    public static final String TEXT = "comparison.txt";

    private ReportBuilder() {
    }

    /** Writes everything; {@code jmhJson} may be null. Returns the path of index.html. */
    public static Path build(Path reportDir, ReportInfo info, Path jmhJson) throws IOException {
        Comparison comparison = info.comparison(reportDir);
        Files.createDirectories(reportDir.resolve(CHARTS));
        SummaryCsv.write(comparison, reportDir.resolve(SummaryCsv.FILE));
        List<String> slugs = new ArrayList<>();
        for (Map.Entry<String, List<Cell>> g : comparison.groups().entrySet()) {
            String slug = Slug.unique(g.getKey(), slugs);
            writeLogs(reportDir, slug, g.getValue());
            writeCharts(reportDir.resolve(CHARTS), slug, g.getKey(), g.getValue(), comparison);
        }
        List<JmhResults.Row> jmh = List.of();
        List<String> jmhUnits = new ArrayList<>();
        if (jmhJson != null) {
            jmh = JmhResults.read(jmhJson);
            Set<String> units = new LinkedHashSet<>();
            jmh.forEach(r -> units.add(r.unit()));
            for (String unit : units) {
                String file = "jmh-" + Slug.of(unit);
                ChartFiles.write(JmhChart.build(unit, jmh), reportDir.resolve(CHARTS).resolve(file), 1000, 120 + 28 * jmh.size());
                jmhUnits.add(file);
            }
        }
        AtomicOutput.writeString(reportDir.resolve(TEXT), TextReport.full(comparison, info));
        Path index = reportDir.resolve("index.html");
        AtomicOutput.writeString(index, HtmlReport.render(info, comparison, slugs, jmh, jmhUnits));
        return index;
    }

    private static void writeCharts(Path dir, String slug, String group, List<Cell> cells, Comparison comparison)
            throws IOException {
        List<String> strategies = comparison.strategies();
        String mean = comparison.runs() > 1 ? " (mean of " + comparison.runs() + " runs)" : "";
        for (ChartKind kind : ChartKind.values()) {
            JFreeChart chart;
            int height = 560;
            switch (kind) {
                case STALL_CAUSES -> {
                    chart = StackedBarsChart.build("Stall time by cause" + mean + " — " + group, "stall time (s)", comparison,
                            cells, Explain.STALL_CAUSES, StackedBarsChart.CAUSES);
                    height = 160 + 45 * cells.size();
                }
                case PAGES_BY_ORIGIN -> {
                    chart = StackedBarsChart.build("Pages written by origin" + mean + " — " + group, "4 KiB pages written",
                            comparison, cells, Explain.ORIGINS, StackedBarsChart.ORIGINS);
                    height = 160 + 45 * cells.size();
                }
                case STALLS_OVER_TIME -> {
                    chart = StallsOverTimeChart.build(group, cells, strategies);
                    height = 100 + 90 * cells.size();
                }
                case SEEK_CDF -> chart = SeekDistanceCdfChart.build(group, cells, strategies);
                case IO_SIZE -> chart = IoSizeHistogramChart.build(group, cells, strategies);
                case STALL_SPECTRUM -> chart = StallSpectrumChart.build(group, cells, strategies);
                case DISPATCH_SCATTER -> {
                    chart = DispatchScatterChart.build(group, cells);
                    height = 140 + 150 * cells.size();
                }
                default -> chart = DirtyWritebackChart.build(group, cells, strategies);
            }
            ChartFiles.write(chart, dir.resolve(slug + "-" + kind.file), 900, height, kind.svg);
        }
    }

    /** One .hlog per group and measure, a tag per strategy, with simulated (zero) start times. */
    private static void writeLogs(Path reportDir, String slug, List<Cell> cells) throws IOException {
        for (Map.Entry<String, String> log : new java.util.TreeMap<>(LOGS).entrySet()) {
            AtomicOutput out = AtomicOutput.create(reportDir.resolve(slug + "-" + log.getKey() + ".hlog"));
            try {
                PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
                HistogramLogWriter w = new HistogramLogWriter(ps);
                w.outputComment("wbreplay " + log.getKey() + " of " + slugLabel(cells) + "; one tag per strategy; simulated time");
                w.outputBaseTime(0);
                w.outputLegend();
                for (Cell c : cells) {
                    Histogram h = c.run().histogram(log.getValue()).copy();
                    h.setTag(c.strategy());
                    h.setStartTimeStamp(0);
                    h.setEndTimeStamp((long) Math.max(0, c.run().number(SIMULATED_SECONDS) * 1000));
                    w.outputIntervalHistogram(h);
                }
                ps.flush();
                if (ps.checkError()) { // a PrintStream keeps write failures (a full disk) to itself
                    throw new IOException(reportDir.resolve(slug + "-" + log.getKey() + ".hlog") + ": write failed (disk full?)");
                }
            } catch (IOException | RuntimeException e) {
                out.abandon();
                throw e;
            }
            out.close();
        }
    }

    private static String slugLabel(List<Cell> cells) {
        return cells.isEmpty() ? "" : cells.get(0).group();
    }
}
