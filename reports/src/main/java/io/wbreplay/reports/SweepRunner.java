package io.wbreplay.reports;

import io.wbreplay.traces.AtomicOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Runs the cells of a sweep on a pool of threads, each cell into its own run directory under
 * {@code REPORT/cells/}. Cells are independent simulations, so this is the one place with parallelism;
 * each cell's result depends only on its own inputs.
 */
public final class SweepRunner {
    /** Runs one cell: replays {@code point}'s trace and writes the run files into {@code runDir}. */
    @FunctionalInterface
    public interface CellRunner {
        void run(Sweep.Point point, Path runDir) throws Exception;
    }

    private SweepRunner() {
    }

    /** The run directory of a cell, relative to the report directory. */
    public static String cellDir(Sweep.Point p) {
        return "cells/" + String.format("%04d", p.index()) + "-" + Slug.of(p.trace().getFileName() + "-"
                + p.configLabel() + "-" + p.strategy()) + (p.runs() > 1 ? "-run" + (p.run() + 1) : "");
    }

    /** The file in a finished cell's directory holding the cell's key: written last, so its presence means finished. */
    public static final String KEY_FILE = "cell.key";

    /** What {@link #run} did: every cell's entry, in the order given, and how many were already finished. */
    public record Outcome(List<ReportInfo.CellEntry> cells, int reused) {
    }

    /**
     * Runs {@code points} with {@code threads} workers; {@code done} is told the count of finished
     * cells after each. A failing cell fails the sweep with a message naming it.
     *
     * <p>Resumable: a cell runs into a temporary directory beside its own, which gets {@link #KEY_FILE}
     * (the cell's {@code key}: its full configuration) last and is then renamed into place, so a cell's
     * directory exists only complete. A cell whose directory already holds the same key is not run again
     * (unless {@code force}); one with another key (another sweep, configuration or tool version) is
     * replaced; temporary directories of killed runs are removed.
     */
    public static Outcome run(Path reportDir, List<Sweep.Point> points, int threads, Function<Sweep.Point, String> key,
                              boolean force, CellRunner runner, IntConsumer done) throws Exception {
        removeStale(reportDir.resolve("cells"));
        List<Boolean> reused;
        try {
            reused = Parallel.map(points, threads, p -> runCell(reportDir.resolve(cellDir(p)), p, key.apply(p), force, runner),
                    done);
        } catch (Parallel.ItemFailed e) {
            Sweep.Point p = points.get(e.index());
            Throwable cause = e.getCause();
            String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new Exception("cell " + p.index() + " (" + p.trace().getFileName() + ", " + p.configLabel()
                    + ", " + p.strategy() + ") failed: " + why, cause);
        }
        List<ReportInfo.CellEntry> entries = new ArrayList<>();
        for (Sweep.Point p : points) {
            entries.add(new ReportInfo.CellEntry(p.index(), p.trace().getFileName().toString(), p.configLabel(),
                    p.strategy(), cellDir(p), p.run()));
        }
        return new Outcome(entries, (int) reused.stream().filter(r -> r).count());
    }

    /** Runs one cell into {@code dir} unless it holds {@code key} already; true if it did (nothing run). */
    private static boolean runCell(Path dir, Sweep.Point p, String key, boolean force, CellRunner runner) throws Exception {
        Path keyFile = dir.resolve(KEY_FILE);
        if (!force && Files.isRegularFile(keyFile) && Files.readString(keyFile).equals(key)) {
            return true;
        }
        Path temp = AtomicOutput.tempFor(dir);
        deleteTree(temp);
        Files.createDirectories(temp);
        runner.run(p, temp);
        AtomicOutput.writeString(temp.resolve(KEY_FILE), key);
        if (Files.exists(dir)) { // another configuration's (or --force): moved aside first, so no half-deleted cell is left
            Path old = AtomicOutput.tempFor(dir.resolveSibling(dir.getFileName() + ".old"));
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        }
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        return false;
    }

    /** Removes the temporary cell directories of runs that were killed. */
    private static void removeStale(Path cells) throws IOException {
        if (!Files.isDirectory(cells)) {
            return;
        }
        try (Stream<Path> s = Files.list(cells)) {
            for (Path f : (Iterable<Path>) s.filter(AtomicOutput::isStale)::iterator) {
                deleteTree(f);
            }
        }
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The cells' options, for the configuration table of the report. */
    public static Map<String, String> describe(Sweep sweep) {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        sweep.traces().forEach(t -> names.add(t.toString()));
        d.put("traces", String.join(", ", names));
        d.put("strategies", String.join(", ", sweep.strategies()));
        sweep.dimensions().forEach((k, v) -> d.put(k, String.join(", ", v)));
        return d;
    }
}
