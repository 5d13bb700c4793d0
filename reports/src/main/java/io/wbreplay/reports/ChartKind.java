package io.wbreplay.reports;

/** The charts of one trace x configuration group, in page order, and where the report keeps them. */
public enum ChartKind {
    STALL_CAUSES("stall-causes", "Stall time by cause"),
    PAGES_BY_ORIGIN("pages-by-origin", "Pages written by origin"),
    STALLS_OVER_TIME("stalls-over-time", "Stalls over time"),
    SEEK_CDF("seek-cdf", "Seek distance CDF"),
    IO_SIZE("io-size", "Write request sizes"),
    STALL_SPECTRUM("stall-spectrum", "Stall percentile spectrum"),
    DISPATCH_SCATTER("dispatch-scatter", "Dispatched sector over time, by origin"),
    DIRTY_WRITEBACK("dirty-writeback", "Dirty and writeback memory");

    /** The report directory's folder of charts. */
    public static final String DIR = "charts";

    public final String file;
    public final String title;
    /** False for the dispatch scatter: its thousands of dots make megabytes of SVG; the PNG shows them. */
    public final boolean svg;

    ChartKind(String file, String title) {
        this.file = file;
        this.title = title;
        this.svg = !file.equals("dispatch-scatter");
    }
}
