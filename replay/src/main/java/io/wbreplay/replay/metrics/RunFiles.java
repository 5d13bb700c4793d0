package io.wbreplay.replay.metrics;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.hazard.Hazard;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.traces.AtomicOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes a run directory: summary.json, histograms.hlog (one tag per histogram, simulated start time
 * 0 so the file is the same on every run) and timeseries.csv, each atomically. Only
 * {@code wallSeconds} in summary.json depends on the machine.
 */
public final class RunFiles {
    public static final String SUMMARY = "summary.json";
    public static final String HISTOGRAMS = "histograms.hlog";
    public static final String TIMESERIES = "timeseries.csv";
    /** The hazard kinds the summary always lists, with their counts (zero included). */
    public static final List<String> HAZARD_KINDS = Arrays.stream(HazardKind.values()).map(HazardKind::label).toList();

    private RunFiles() {
    }

    /** Writes the three files of {@code result} into {@code dir}. */
    public static void write(Path dir, RunResult result, String strategy, String throttle, double wallSeconds) throws IOException {
        AtomicOutput.writeString(dir.resolve(SUMMARY), summaryJson(result, strategy, throttle, wallSeconds));
        writeHistograms(dir.resolve(HISTOGRAMS), result);
        AtomicOutput.writeString(dir.resolve(TIMESERIES), result.metrics().timeSeriesCsv());
    }

    /** summary.json's text. */
    public static String summaryJson(RunResult r, String strategy, String throttle, double wallSeconds) {
        RunMetrics m = r.metrics();
        Kernel k = r.kernel();
        JsonWriter j = new JsonWriter().begin();
        j.field("strategy", strategy);
        j.field("throttle", throttle);
        j.field("memoryBytes", k.config.memoryBytes);
        j.field("records", r.records());
        j.field("dispatches", m.dispatches());
        j.field("writeDispatches", m.writeDispatches());
        j.field("writeBytes", m.writeBytes());
        j.field("readDispatches", m.readDispatches());
        j.field("readBytes", m.readBytes());
        Histogram io = m.ioSize;
        // sizes are multiples of 4 KiB: the lowest value of an HdrHistogram bucket is exact below 8 MiB
        j.object("ioSize").field("mean", m.writeDispatches() == 0 ? 0 : (double) m.writeBytes() / m.writeDispatches())
                .field("p50", io.lowestEquivalentValue(io.getValueAtPercentile(50)))
                .field("p90", io.lowestEquivalentValue(io.getValueAtPercentile(90)))
                .field("max", m.maxWriteBytes()).end();
        D2dSeekStats.Summary d = m.d2d();
        j.object("d2d").field("nseeks", d.nseeks()).field("mean", d.mean()).field("median", d.median())
                .field("mode", d.mode()).field("modeCount", d.modeCount()).end();
        j.field("sequentialFraction", m.sequentialFraction());
        Histogram s = m.stallAll;
        j.object("stallNs").field("count", s.getTotalCount()).field("p50", s.getValueAtPercentile(50))
                .field("p99", s.getValueAtPercentile(99)).field("max", s.getMaxValue()).field("total", total(s)).end();
        j.object("stallsByCause");
        for (StallCause c : StallCause.values()) {
            Histogram h = m.stalls(c);
            j.object(c.label()).field("count", h.getTotalCount()).field("p99", h.getValueAtPercentile(99))
                    .field("max", h.getMaxValue()).field("total", total(h)).end();
        }
        j.end();
        j.object("q2cNs").field("mean", m.q2c.getTotalCount() == 0 ? 0 : m.q2c.getMean())
                .field("p50", m.q2c.getValueAtPercentile(50)).field("p99", m.q2c.getValueAtPercentile(99)).end();
        j.object("d2cNs").field("mean", m.d2c.getTotalCount() == 0 ? 0 : m.d2c.getMean())
                .field("p50", m.d2c.getValueAtPercentile(50)).field("p99", m.d2c.getValueAtPercentile(99)).end();
        j.object("counters");
        for (VmItem v : VmItem.values()) {
            j.field(v.kernelName(), v == VmItem.NR_FREE_PAGES ? k.zone.freePages() : k.vmstat.get(v));
        }
        j.end();
        long flusher = k.writtenBy(IoOrigin.FLUSHER_BACKGROUND) + k.writtenBy(IoOrigin.FLUSHER_KUPDATE)
                + k.writtenBy(IoOrigin.FLUSHER_SYNC) + k.writtenBy(IoOrigin.FLUSHER_PAGEOUT);
        j.field("pagesWrittenByFlusher", flusher);
        j.field("pagesWrittenByReclaim", k.writtenBy(IoOrigin.RECLAIM));
        j.field("pagesWrittenByWriter", k.writtenBy(IoOrigin.WRITER));
        j.field("timeToCleanNs", r.timeToCleanNs());
        j.object("hazards");
        for (HazardKind h : HazardKind.values()) {
            j.field(h.label(), k.hazards.count(h));
        }
        j.end();
        j.object("hazardFirst"); // the first occurrence of each kind seen
        for (HazardKind h : HazardKind.values()) {
            Hazard f = k.hazards.first(h);
            if (f != null) {
                j.object(h.label()).field("timeNs", f.timeNs()).field("task", f.task()).field("subject", f.subject())
                        .field("description", f.description()).end();
            }
        }
        j.end();
        j.field("deadlocked", k.hazards.deadlocked());
        j.field("simulatedSeconds", r.simulatedNs() / 1e9);
        j.field("wallSeconds", wallSeconds);
        return j.end().toString();
    }

    private static long total(Histogram h) {
        // the exact sum is not kept by HdrHistogram; mean x count is exact to its precision (3 digits)
        return Math.round(h.getMean() * h.getTotalCount());
    }

    private static void writeHistograms(Path file, RunResult r) throws IOException {
        RunMetrics m = r.metrics();
        AtomicOutput out = AtomicOutput.create(file);
        try {
            PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputComment("wbreplay run histograms; one tag per histogram; simulated time");
            w.outputLogFormatVersion();
            w.outputBaseTime(0);
            w.outputComment("[StartTime: 0.000 (seconds since the start of the simulation)]");
            w.outputLegend();
            long endMs = r.simulatedNs() / 1_000_000L;
            put(w, "io-size", m.ioSize, endMs);
            put(w, "seek-distance", m.seekDistance, endMs);
            for (StallCause c : StallCause.values()) {
                put(w, "stall-" + c.label(), m.stalls(c), endMs);
            }
            put(w, "stall-all", m.stallAll, endMs);
            put(w, "q2c", m.q2c, endMs);
            put(w, "d2c", m.d2c, endMs);
            ps.flush();
            if (ps.checkError()) {
                throw new IOException(file + ": write failed");
            }
        } catch (IOException | RuntimeException e) {
            out.abandon();
            throw e;
        }
        out.close();
    }

    private static void put(HistogramLogWriter w, String tag, Histogram h, long endMs) {
        Histogram c = h.copy();
        c.setTag(tag);
        c.setStartTimeStamp(0);
        c.setEndTimeStamp(endMs);
        w.outputIntervalHistogram(c);
    }
}
