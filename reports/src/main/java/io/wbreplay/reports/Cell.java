package io.wbreplay.reports;

/**
 * One cell of a sweep: a trace, a configuration (memory, device, dirty ratios, throttling) and a
 * strategy, with the run directory that holds its results.
 */
public record Cell(String trace, String config, String strategy, RunDirectory run) {
    /** The trace x configuration group this cell is charted in. */
    public String group() {
        return trace + " / " + config;
    }
}
