package io.wbreplay.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep: traces x configurations x strategies. A configuration is a set of replay options (memory,
 * device, dirty ratios, throttling), each dimension a list of values; the cells are the full cross
 * product in a fixed order (trace, then configuration, then strategy), numbered from 0.
 */
public final class Sweep {
    /**
     * One cell to run: its sweep index, trace, configuration options, strategy and the configuration's
     * label: the options that vary in the sweep, e.g. {@code memory=256m device=hdd} (the fixed ones are
     * in the report's configuration table).
     */
    public record Point(int index, Path trace, Map<String, String> options, String strategy, String configLabel,
                        int run, int runs) {
        public Point(int index, Path trace, Map<String, String> options, String strategy, String configLabel) {
            this(index, trace, options, strategy, configLabel, 0, 1);
        }
    }

    private final List<Path> traces;
    private final LinkedHashMap<String, List<String>> dimensions;
    private final List<String> strategies;
    private final int runs;

    public Sweep(List<Path> traces, Map<String, List<String>> dimensions, List<String> strategies) {
        this(traces, dimensions, strategies, 1);
    }

    /** A sweep whose every cell runs {@code runs} times (repetitions numbered 0 to runs - 1, the innermost loop). */
    public Sweep(List<Path> traces, Map<String, List<String>> dimensions, List<String> strategies, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, not " + runs);
        }
        this.runs = runs;
        if (traces.isEmpty() || strategies.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one trace and one strategy");
        }
        this.traces = List.copyOf(traces);
        this.dimensions = new LinkedHashMap<>(dimensions);
        this.strategies = List.copyOf(strategies);
    }

    public List<Path> traces() {
        return traces;
    }

    public List<String> strategies() {
        return strategies;
    }

    public Map<String, List<String>> dimensions() {
        return dimensions;
    }

    public int runs() {
        return runs;
    }

    /** Every configuration: the cross product of the dimensions, in the order they were given. */
    public List<Map<String, String>> configurations() {
        List<Map<String, String>> configs = new ArrayList<>();
        configs.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> d : dimensions.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : configs) {
                for (String v : d.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(d.getKey(), v);
                    next.add(m);
                }
            }
            configs = next;
        }
        return configs;
    }

    /** All cells in sweep order. */
    public List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (Path t : traces) {
            for (Map<String, String> c : configurations()) {
                String label = label(varying(c));
                for (String s : strategies) {
                    for (int r = 0; r < runs; r++) {
                        points.add(new Point(points.size(), t, c, s, label, r, runs));
                    }
                }
            }
        }
        return points;
    }

    /**
     * The K-th of N slices (1-based): cells whose index modulo N is K-1, so every slice gets a share of
     * every trace and configuration.
     */
    public List<Point> shard(int k, int n) {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("--shard K/N needs 1 <= K <= N, got " + k + "/" + n);
        }
        List<Point> mine = new ArrayList<>();
        for (Point p : points()) {
            if (p.index() % n == k - 1) {
                mine.add(p);
            }
        }
        return mine;
    }

    /** The options of {@code config} whose dimension has more than one value (all of them if none has). */
    private Map<String, String> varying(Map<String, String> config) {
        Map<String, String> m = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (dimensions.get(k).size() > 1) {
                m.put(k, v);
            }
        });
        return m.isEmpty() ? config : m;
    }

    static String label(Map<String, String> options) {
        StringBuilder b = new StringBuilder();
        options.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.length() == 0 ? "default" : b.toString();
    }

    /**
     * Reads a sweep file: {@code key = value, value, ...} lines, {@code #} comments. Keys are the
     * compare options without dashes (trace, strategy, memory, device, ...). Returns key -> values in
     * file order.
     */
    public static Map<String, List<String>> readFile(Path file) throws IOException {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IOException(file + ": line " + (i + 1) + ": expected 'key = value[, value...]', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            List<String> values = new ArrayList<>();
            for (String v : line.substring(eq + 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.strip());
                }
            }
            if (values.isEmpty()) {
                throw new IOException(file + ": line " + (i + 1) + ": expected at least one value for '" + key + "'");
            }
            entries.put(key, values);
        }
        return entries;
    }
}
