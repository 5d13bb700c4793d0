package io.wbreplay.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wbreplay.traces.AtomicOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: what a report directory holds and how it was made — the tool's version and git
 * commit, the command line and seed to reproduce it, the sweep file's text, the configuration, the
 * baseline, runs per cell and what the seed varied, and each cell with its run directory (relative).
 * {@code wbreplay report DIR} rebuilds the charts and the page from it without re-running anything.
 */
public record ReportInfo(String title, String version, String commit, String command, long seed, String baseline,
                         int runs, String variation, String sweep, Map<String, String> configuration,
                         List<CellEntry> cells) {
    public static final String FILE = "report.json";

    /**
     * One cell: its place in the whole sweep (shards keep it, so merged reports keep sweep order), its
     * labels and its run directory relative to the report directory.
     */
    public record CellEntry(int index, String trace, String config, String strategy, String dir, int run) {
        public CellEntry(int index, String trace, String config, String strategy, String dir) {
            this(index, trace, config, strategy, dir, 0);
        }
    }

    /** A report of one run per cell, without provenance (tests, older callers). */
    public ReportInfo(String title, String command, long seed, String baseline, Map<String, String> configuration,
                      List<CellEntry> cells) {
        this(title, null, null, command, seed, baseline, 1, null, null, configuration, cells);
    }

    public void write(Path reportDir) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicOutput.writeString(reportDir.resolve(FILE), json.writeValueAsString(this) + "\n");
    }

    public static ReportInfo read(Path reportDir) throws IOException {
        Path file = reportDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null,
                    "not a wbreplay report directory (no " + FILE + ")");
        }
        try {
            ReportInfo info = new ObjectMapper().readValue(file.toFile(), ReportInfo.class);
            if (info.cells == null || info.cells.isEmpty()) {
                throw new IOException(file + ": expected a non-empty \"cells\" list");
            }
            return info;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
    }

    /** Opens every cell's run directory. */
    public Comparison comparison(Path reportDir) throws IOException {
        List<Cell> list = new ArrayList<>();
        for (CellEntry e : cells) {
            list.add(new Cell(e.trace, e.config, e.strategy, RunDirectory.open(reportDir.resolve(e.dir)), e.run));
        }
        return new Comparison(list, baseline);
    }

    public ReportInfo {
        configuration = configuration == null ? Map.of() : new LinkedHashMap<>(configuration);
        cells = cells == null ? List.of() : List.copyOf(cells);
        runs = Math.max(1, runs);
    }
}
