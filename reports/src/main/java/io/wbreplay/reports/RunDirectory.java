package io.wbreplay.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wbreplay.replay.driver.RunFiles;
import io.wbreplay.replay.metrics.SummaryKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The files one replay run leaves in its directory, as the reports read them back: {@code summary.json}
 * (flattened to dotted keys such as {@code ioSize.mean}), {@code histograms.hlog} (one tag per
 * histogram, added up over intervals) and {@code timeseries.csv}.
 */
public final class RunDirectory {

    private final Path dir;
    private final Map<String, Object> summary;
    private Map<String, Histogram> histograms;
    private TimeSeries timeSeries;

    private RunDirectory(Path dir, Map<String, Object> summary) {
        this.dir = dir;
        this.summary = summary;
    }

    /** Reads {@code dir/summary.json}; histograms and the time series are read when first asked for. */
    public static RunDirectory open(Path dir) throws IOException {
        Path file = dir.resolve(RunFiles.SUMMARY);
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        return new RunDirectory(dir, flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> into) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), into);
            }
        } else if (node.isNumber()) {
            into.put(prefix, node.numberValue());
        } else if (node.isTextual()) {
            into.put(prefix, node.textValue());
        } else if (node.isBoolean()) {
            into.put(prefix, node.booleanValue());
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * This run as it stood when its last record's stream finished: every {@code counters.*} value
     * replaced by its {@code countersAtTraceEnd.*} one (the writeback drain after the workload left
     * out), where the run recorded them; else this run.
     */
    public RunDirectory withCountersAtTraceEnd() {
        String at = SummaryKeys.COUNTERS_AT_TRACE_END + ".";
        Map<String, Object> flat = new LinkedHashMap<>(summary);
        boolean any = false;
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            if (e.getKey().startsWith(at)) {
                flat.put(SummaryKeys.COUNTERS + "." + e.getKey().substring(at.length()), e.getValue());
                any = true;
            }
        }
        return any ? new RunDirectory(dir, flat) : this;
    }

    /** Every scalar of summary.json under its dotted key, in file order. */
    public Map<String, Object> summary() {
        return summary;
    }

    /** A numeric summary value, or NaN if the run did not record it. */
    public double number(String key) {
        Object v = summary.get(key);
        return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    }

    public String text(String key) {
        Object v = summary.get(key);
        return v == null ? null : v.toString();
    }

    /** The histogram recorded under {@code tag}, all intervals added; empty if the run has none. */
    public Histogram histogram(String tag) throws IOException {
        if (histograms == null) {
            histograms = readHistograms(dir.resolve(RunFiles.HISTOGRAMS));
        }
        Histogram h = histograms.get(tag);
        return h != null ? h : new Histogram(3);
    }

    /** Tags present in histograms.hlog, in first-seen order. */
    public List<String> histogramTags() throws IOException {
        if (histograms == null) {
            histograms = readHistograms(dir.resolve(RunFiles.HISTOGRAMS));
        }
        return new ArrayList<>(histograms.keySet());
    }

    private static Map<String, Histogram> readHistograms(Path file) throws IOException {
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return byTag;
        }
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (!(e instanceof Histogram)) {
                    continue;
                }
                Histogram h = (Histogram) e;
                String tag = h.getTag() == null ? "" : h.getTag();
                Histogram sum = byTag.get(tag);
                if (sum == null) {
                    sum = new Histogram(h.getNumberOfSignificantValueDigits());
                    sum.setAutoResize(true);
                    byTag.put(tag, sum);
                }
                sum.add(h);
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable HdrHistogram log: " + e.getMessage());
        }
        return byTag;
    }

    /** timeseries.csv, or an empty series if the run has none. */
    public TimeSeries timeSeries() throws IOException {
        if (timeSeries == null) {
            Path file = dir.resolve(RunFiles.TIMESERIES);
            timeSeries = Files.exists(file) ? TimeSeries.read(file) : TimeSeries.EMPTY;
        }
        return timeSeries;
    }
}
