package io.wbreplay.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JMH's {@code -rf json} results: one row per benchmark and parameter set, with secondary metrics. */
public final class JmhResults {
    /** One result row. Scores are NaN where JMH wrote "NaN". */
    public record Row(String benchmark, String mode, String params, double score, double error, String unit,
                      Map<String, String> secondary) {
        /** The benchmark's short name: the method, with its class. */
        public String shortName() {
            String[] parts = benchmark.split("\\.");
            return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
        }
    }

    private JmhResults() {
    }

    public static List<Row> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": line " + e.getLocation().getLineNr() + ": not JMH JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected a JSON array of JMH results (run JMH with -rf json)");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : root) {
            JsonNode primary = r.path("primaryMetric");
            if (!r.has("benchmark") || primary.isMissingNode()) {
                throw new IOException(file + ": result " + (rows.size() + 1) + ": expected \"benchmark\" and \"primaryMetric\"");
            }
            StringBuilder params = new StringBuilder();
            Iterator<Map.Entry<String, JsonNode>> p = r.path("params").fields();
            while (p.hasNext()) {
                Map.Entry<String, JsonNode> e = p.next();
                params.append(params.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText());
            }
            Map<String, String> secondary = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> s = r.path("secondaryMetrics").fields();
            while (s.hasNext()) {
                Map.Entry<String, JsonNode> e = s.next();
                secondary.put(e.getKey(), Metric.format(number(e.getValue().path("score"))) + " " + e.getValue().path("scoreUnit").asText());
            }
            rows.add(new Row(r.get("benchmark").asText(), r.path("mode").asText(), params.toString(),
                    number(primary.path("score")), number(primary.path("scoreError")),
                    primary.path("scoreUnit").asText(), secondary));
        }
        return rows;
    }

    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(n.asText()); // JMH writes "NaN" as a string
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
