package io.wbreplay.replay.driver;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.metrics.RunMetrics;
import io.wbreplay.replay.hazard.Hazard;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.json.Json;
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

    /** summary.json's text (names in {@link SummaryKeys}). */
    public static String summaryJson(RunResult r, String strategy, String throttle, double wallSeconds) {
        return Json.write(g -> summary(g, r, strategy, throttle, wallSeconds));
    }

    private static void summary(JsonGenerator j, RunResult r, String strategy, String throttle, double wallSeconds) throws IOException {
        RunMetrics m = r.metrics();
        Kernel k = r.kernel();
        j.writeStartObject();
        j.writeStringField(STRATEGY, strategy);
        j.writeStringField(KERNEL, k.config.kernel.label());
        j.writeStringField(THROTTLE, throttle);
        j.writeNumberField(MEMORY_BYTES, k.config.memoryBytes);
        j.writeNumberField(RECORDS, r.records());
        j.writeNumberField(DISPATCHES, m.dispatches());
        j.writeNumberField(WRITE_DISPATCHES, m.writeDispatches());
        j.writeNumberField(WRITE_BYTES, m.writeBytes());
        j.writeNumberField(READ_DISPATCHES, m.readDispatches());
        j.writeNumberField(READ_BYTES, m.readBytes());
        Histogram io = m.ioSize;
        // sizes are multiples of 4 KiB: the lowest value of an HdrHistogram bucket is exact below 8 MiB
        j.writeObjectFieldStart(IO_SIZE);
        j.writeFieldName(MEAN);
        Json.number(j, m.writeDispatches() == 0 ? 0 : (double) m.writeBytes() / m.writeDispatches());
        j.writeNumberField(P50, io.lowestEquivalentValue(io.getValueAtPercentile(50)));
        j.writeNumberField(P90, io.lowestEquivalentValue(io.getValueAtPercentile(90)));
        j.writeNumberField(MAX, m.maxWriteBytes());
        j.writeEndObject();
        SeekSummary d = m.d2d();
        // btt prints the mean with 9 decimals; so does this, so that the two compare as text
        j.writeObjectFieldStart(D2D);
        j.writeNumberField(NSEEKS, d.nseeks());
        j.writeFieldName(MEAN);
        Json.number(j, d.mean(), 9);
        j.writeNumberField(MEDIAN, d.median());
        j.writeNumberField(MODE, d.mode());
        j.writeNumberField(MODE_COUNT, d.modeCount());
        j.writeEndObject();
        // btt's MEDIAN is not the statistical median (see SeekTable); these percentiles are, to 3 digits
        Histogram seek = m.seekDistance;
        j.writeObjectFieldStart(SEEK_DISTANCE);
        j.writeNumberField(P50, seek.getValueAtPercentile(50));
        j.writeNumberField(P90, seek.getValueAtPercentile(90));
        j.writeNumberField(P99, seek.getValueAtPercentile(99));
        j.writeEndObject();
        j.writeFieldName(SEQUENTIAL_FRACTION);
        Json.number(j, m.sequentialFraction());
        Histogram s = m.stallAll;
        j.writeObjectFieldStart(STALL_NS);
        j.writeNumberField(COUNT, s.getTotalCount());
        j.writeNumberField(P50, s.getValueAtPercentile(50));
        j.writeNumberField(P99, s.getValueAtPercentile(99));
        j.writeNumberField(MAX, s.getMaxValue());
        j.writeNumberField(TOTAL, total(s));
        j.writeEndObject();
        j.writeObjectFieldStart(STALLS_BY_CAUSE);
        for (StallCause c : StallCause.values()) {
            Histogram h = m.stalls(c);
            j.writeObjectFieldStart(c.label());
            j.writeNumberField(COUNT, h.getTotalCount());
            j.writeNumberField(P99, h.getValueAtPercentile(99));
            j.writeNumberField(MAX, h.getMaxValue());
            j.writeNumberField(TOTAL, total(h));
            j.writeEndObject();
        }
        j.writeEndObject();
        long[] wb = k.writebackInodePages(); // exact: nearest-rank median, as validate's real side
        java.util.Arrays.sort(wb);
        j.writeObjectFieldStart(WRITEBACK_INODE_PAGES);
        j.writeNumberField(COUNT, wb.length);
        j.writeFieldName(MEAN);
        Json.number(j, wb.length == 0 ? 0 : java.util.Arrays.stream(wb).average().orElse(0));
        j.writeNumberField(P50, wb.length == 0 ? 0 : wb[Math.max(0, (int) Math.ceil(0.5 * wb.length) - 1)]);
        j.writeNumberField(MAX, wb.length == 0 ? 0 : wb[wb.length - 1]);
        j.writeEndObject();
        latency(j, Q2C_NS, m.q2c);
        latency(j, D2C_NS, m.d2c);
        counters(j, COUNTERS, k, k.counters());
        long flusher = k.writtenBy(IoOrigin.FLUSHER_BACKGROUND) + k.writtenBy(IoOrigin.FLUSHER_KUPDATE)
                + k.writtenBy(IoOrigin.FLUSHER_SYNC) + k.writtenBy(IoOrigin.FLUSHER_PAGEOUT);
        j.writeNumberField(PAGES_WRITTEN_BY_FLUSHER, flusher);
        j.writeNumberField(PAGES_WRITTEN_BY_RECLAIM, k.writtenBy(IoOrigin.RECLAIM));
        j.writeNumberField(PAGES_WRITTEN_BY_WRITER, k.writtenBy(IoOrigin.WRITER));
        j.writeNumberField(TRACE_END_NS, r.traceEndNs());
        if (r.countersAtTraceEnd() != null) {
            counters(j, COUNTERS_AT_TRACE_END, k, r.countersAtTraceEnd());
        }
        j.writeNumberField(TIME_TO_CLEAN_NS, r.timeToCleanNs());
        j.writeObjectFieldStart(STRATEGY_COUNTERS);
        for (Map.Entry<String, Long> c : r.strategy().counters().entrySet()) {
            j.writeNumberField(c.getKey(), c.getValue());
        }
        j.writeEndObject();
        j.writeObjectFieldStart(HAZARDS);
        for (HazardKind h : HazardKind.values()) {
            j.writeNumberField(h.label(), k.hazards.count(h));
        }
        j.writeEndObject();
        j.writeObjectFieldStart(HAZARD_FIRST); // the first occurrence of each kind seen
        for (HazardKind h : HazardKind.values()) {
            Hazard f = k.hazards.first(h);
            if (f != null) {
                j.writeObjectFieldStart(h.label());
                j.writeNumberField(TIME_NS, f.timeNs());
                j.writeStringField(TASK, f.task());
                j.writeStringField(SUBJECT, f.subject());
                j.writeStringField(DESCRIPTION, f.description());
                j.writeEndObject();
            }
        }
        j.writeEndObject();
        j.writeBooleanField(DEADLOCKED, k.hazards.deadlocked());
        j.writeFieldName(SIMULATED_SECONDS);
        Json.number(j, r.simulatedNs() / 1e9);
        j.writeFieldName(WALL_SECONDS);
        Json.number(j, wallSeconds);
        j.writeEndObject();
    }

    /**
     * The counters {@code values} ({@link Kernel#counters()}) under {@code name}, leaving out those the run
     * does not model.
     */
    private static void counters(JsonGenerator j, String name, Kernel k, long[] values) throws IOException {
        j.writeObjectFieldStart(name);
        for (VmItem v : VmItem.values()) {
            if (VmItem.OTHER_TASKS.contains(v) && k.config.otherRefaultsPerS == 0) {
                continue; // a run without the other tasks writes what it always wrote
            }
            if (VmItem.HIGH_ORDER.contains(v) && k.compaction == null) {
                continue; // nor does an era without high-order folios
            }
            if (VmItem.KSWAPD_NAPS.contains(v) && (k.zones == null || k.perZoneLru)) {
                continue; // nor one whose kswapd does not nap
            }
            j.writeNumberField(v.kernelName(), values[v.ordinal()]);
        }
        j.writeEndObject();
    }

    private static void latency(JsonGenerator j, String name, Histogram h) throws IOException {
        j.writeObjectFieldStart(name);
        j.writeFieldName(MEAN);
        Json.number(j, h.getTotalCount() == 0 ? 0 : h.getMean());
        j.writeNumberField(P50, h.getValueAtPercentile(50));
        j.writeNumberField(P99, h.getValueAtPercentile(99));
        j.writeEndObject();
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
