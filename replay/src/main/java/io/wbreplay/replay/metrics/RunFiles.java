package io.wbreplay.replay.metrics;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.hazard.Hazard;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.json.JsonWriter;
import io.wbreplay.traces.stats.SeekSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
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
        JsonWriter j = new JsonWriter(true).beginObject();
        j.name("strategy").value(strategy);
        j.name("kernel").value(k.config.kernel.label());
        j.name("throttle").value(throttle);
        j.name("memoryBytes").value(k.config.memoryBytes);
        j.name("records").value(r.records());
        j.name("dispatches").value(m.dispatches());
        j.name("writeDispatches").value(m.writeDispatches());
        j.name("writeBytes").value(m.writeBytes());
        j.name("readDispatches").value(m.readDispatches());
        j.name("readBytes").value(m.readBytes());
        Histogram io = m.ioSize;
        // sizes are multiples of 4 KiB: the lowest value of an HdrHistogram bucket is exact below 8 MiB
        j.name("ioSize").beginObject()
                .name("mean").value(m.writeDispatches() == 0 ? 0 : (double) m.writeBytes() / m.writeDispatches())
                .name("p50").value(io.lowestEquivalentValue(io.getValueAtPercentile(50)))
                .name("p90").value(io.lowestEquivalentValue(io.getValueAtPercentile(90)))
                .name("max").value(m.maxWriteBytes()).endObject();
        SeekSummary d = m.d2d();
        // btt prints the mean with 9 decimals; so does this, so that the two compare as text
        j.name("d2d").beginObject().name("nseeks").value(d.nseeks()).name("mean").value(d.mean(), 9)
                .name("median").value(d.median()).name("mode").value(d.mode())
                .name("modeCount").value(d.modeCount()).endObject();
        // btt's MEDIAN is not the statistical median (see SeekTable); these percentiles are, to 3 digits
        Histogram seek = m.seekDistance;
        j.name("seekDistance").beginObject().name("p50").value(seek.getValueAtPercentile(50))
                .name("p90").value(seek.getValueAtPercentile(90)).name("p99").value(seek.getValueAtPercentile(99))
                .endObject();
        j.name("sequentialFraction").value(m.sequentialFraction());
        Histogram s = m.stallAll;
        j.name("stallNs").beginObject().name("count").value(s.getTotalCount())
                .name("p50").value(s.getValueAtPercentile(50)).name("p99").value(s.getValueAtPercentile(99))
                .name("max").value(s.getMaxValue()).name("total").value(total(s)).endObject();
        j.name("stallsByCause").beginObject();
        for (StallCause c : StallCause.values()) {
            Histogram h = m.stalls(c);
            j.name(c.label()).beginObject().name("count").value(h.getTotalCount())
                    .name("p99").value(h.getValueAtPercentile(99)).name("max").value(h.getMaxValue())
                    .name("total").value(total(h)).endObject();
        }
        j.endObject();
        j.name("q2cNs").beginObject().name("mean").value(m.q2c.getTotalCount() == 0 ? 0 : m.q2c.getMean())
                .name("p50").value(m.q2c.getValueAtPercentile(50)).name("p99").value(m.q2c.getValueAtPercentile(99)).endObject();
        j.name("d2cNs").beginObject().name("mean").value(m.d2c.getTotalCount() == 0 ? 0 : m.d2c.getMean())
                .name("p50").value(m.d2c.getValueAtPercentile(50)).name("p99").value(m.d2c.getValueAtPercentile(99)).endObject();
        j.name("counters").beginObject();
        for (VmItem v : VmItem.values()) {
            j.name(v.kernelName()).value(v == VmItem.NR_FREE_PAGES ? k.zone.freePages() : k.vmstat.get(v));
        }
        j.endObject();
        long flusher = k.writtenBy(IoOrigin.FLUSHER_BACKGROUND) + k.writtenBy(IoOrigin.FLUSHER_KUPDATE)
                + k.writtenBy(IoOrigin.FLUSHER_SYNC) + k.writtenBy(IoOrigin.FLUSHER_PAGEOUT);
        j.name("pagesWrittenByFlusher").value(flusher);
        j.name("pagesWrittenByReclaim").value(k.writtenBy(IoOrigin.RECLAIM));
        j.name("pagesWrittenByWriter").value(k.writtenBy(IoOrigin.WRITER));
        j.name("timeToCleanNs").value(r.timeToCleanNs());
        j.name("strategyCounters").beginObject();
        for (Map.Entry<String, Long> c : k.strategy.counters().entrySet()) {
            j.name(c.getKey()).value(c.getValue());
        }
        j.endObject();
        j.name("hazards").beginObject();
        for (HazardKind h : HazardKind.values()) {
            j.name(h.label()).value(k.hazards.count(h));
        }
        j.endObject();
        j.name("hazardFirst").beginObject(); // the first occurrence of each kind seen
        for (HazardKind h : HazardKind.values()) {
            Hazard f = k.hazards.first(h);
            if (f != null) {
                j.name(h.label()).beginObject().name("timeNs").value(f.timeNs()).name("task").value(f.task())
                        .name("subject").value(f.subject()).name("description").value(f.description()).endObject();
            }
        }
        j.endObject();
        j.name("deadlocked").value(k.hazards.deadlocked());
        j.name("simulatedSeconds").value(r.simulatedNs() / 1e9);
        j.name("wallSeconds").value(wallSeconds);
        return j.endObject().toString();
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
