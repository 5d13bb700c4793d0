package io.wbreplay.reports;

/**
 * One cell of a sweep: a trace, a configuration (memory, device, dirty ratios, throttling) and a
 * strategy, with the run directory that holds its results; {@code repetition} numbers the repeated
 * runs of the same cell ({@code compare --runs N}), from 0.
 */
public record Cell(String trace, String config, String strategy, RunDirectory run, int repetition) {
    public Cell(String trace, String config, String strategy, RunDirectory run) {
        this(trace, config, strategy, run, 0);
    }

    /** The trace x configuration group this cell is charted in. */
    public String group() {
        return trace + " / " + config;
    }
}
