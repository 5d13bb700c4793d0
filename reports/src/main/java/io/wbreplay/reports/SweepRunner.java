package io.wbreplay.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

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
        return "cells/" + String.format("%04d", p.index()) + "-" + ReportBuilder.slug(p.trace().getFileName() + "-"
                + p.configLabel() + "-" + p.strategy()) + (p.runs() > 1 ? "-run" + (p.run() + 1) : "");
    }

    /**
     * Runs {@code points} with {@code threads} workers; {@code done} is told the count of finished
     * cells after each. A failing cell fails the sweep with a message naming it.
     */
    public static List<ReportInfo.CellEntry> run(Path reportDir, List<Sweep.Point> points, int threads,
                                                 CellRunner runner, IntConsumer done) throws Exception {
        try {
            Parallel.map(points, threads, p -> {
                Path dir = reportDir.resolve(cellDir(p));
                Files.createDirectories(dir);
                runner.run(p, dir);
                return p;
            }, done);
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
        return entries;
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
