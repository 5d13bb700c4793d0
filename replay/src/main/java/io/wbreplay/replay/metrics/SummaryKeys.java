package io.wbreplay.replay.metrics;

/**
 * The names in summary.json, written by {@code driver.RunFiles} and read by the reports (as dotted paths,
 * {@link #path}); the file's shape is described by docs/schema/summary.schema.json.
 */
public final class SummaryKeys {
    public static final String STRATEGY = "strategy";
    /** The kernel era modelled (KernelEra's label). */
    public static final String KERNEL = "kernel";
    public static final String THROTTLE = "throttle";
    public static final String MEMORY_BYTES = "memoryBytes";
    public static final String RECORDS = "records";
    public static final String DISPATCHES = "dispatches";
    public static final String WRITE_DISPATCHES = "writeDispatches";
    public static final String WRITE_BYTES = "writeBytes";
    public static final String READ_DISPATCHES = "readDispatches";
    public static final String READ_BYTES = "readBytes";
    /** Write dispatch sizes in bytes: {@link #MEAN}, {@link #P50}, {@link #P90}, {@link #MAX}. */
    public static final String IO_SIZE = "ioSize";
    /** btt's D2D seek table: {@link #NSEEKS}, {@link #MEAN}, {@link #MEDIAN}, {@link #MODE}, {@link #MODE_COUNT}. */
    public static final String D2D = "d2d";
    /** Percentiles of the D2D seek distance in sectors: {@link #P50}, {@link #P90}, {@link #P99}. */
    public static final String SEEK_DISTANCE = "seekDistance";
    public static final String SEQUENTIAL_FRACTION = "sequentialFraction";
    /** Every stall: {@link #COUNT}, {@link #P50}, {@link #P99}, {@link #MAX}, {@link #TOTAL}. */
    public static final String STALL_NS = "stallNs";
    /** Per stall cause label: {@link #COUNT}, {@link #P99}, {@link #MAX}, {@link #TOTAL}. */
    public static final String STALLS_BY_CAUSE = "stallsByCause";
    /** Pages of each flusher pass over one inode (writeback_single_inode's wrote, passes that wrote any): {@link #COUNT}, {@link #MEAN}, {@link #P50}, {@link #MAX}. */
    public static final String WRITEBACK_INODE_PAGES = "writebackInodePages";
    /** Queue to completion and dispatch to completion: {@link #MEAN}, {@link #P50}, {@link #P99}. */
    public static final String Q2C_NS = "q2cNs";
    public static final String D2C_NS = "d2cNs";
    /** The vmstat counters by their /proc/vmstat names. */
    public static final String COUNTERS = "counters";
    /** The counters when the last record's stream finished (the drain after it left out). */
    public static final String COUNTERS_AT_TRACE_END = "countersAtTraceEnd";
    public static final String PAGES_WRITTEN_BY_FLUSHER = "pagesWrittenByFlusher";
    public static final String PAGES_WRITTEN_BY_RECLAIM = "pagesWrittenByReclaim";
    public static final String PAGES_WRITTEN_BY_WRITER = "pagesWrittenByWriter";
    /** When the last stream finished its last record, ns of simulated time; -1 when never (a deadlock). */
    public static final String TRACE_END_NS = "traceEndNs";
    /** From the end of the trace until no page is dirty or under writeback; -1 when never. */
    public static final String TIME_TO_CLEAN_NS = "timeToCleanNs";
    /** The strategy's own counters, by name. */
    public static final String STRATEGY_COUNTERS = "strategyCounters";
    /** Occurrences per hazard label. */
    public static final String HAZARDS = "hazards";
    /** Per hazard label seen: its first occurrence, {@link #TIME_NS}, {@link #TASK}, {@link #SUBJECT}, {@link #DESCRIPTION}. */
    public static final String HAZARD_FIRST = "hazardFirst";
    public static final String DEADLOCKED = "deadlocked";
    public static final String SIMULATED_SECONDS = "simulatedSeconds";
    /** The host's wall-clock time of the run: the one value that is not a result. */
    public static final String WALL_SECONDS = "wallSeconds";

    public static final String MEAN = "mean";
    public static final String P50 = "p50";
    public static final String P90 = "p90";
    public static final String P99 = "p99";
    public static final String MAX = "max";
    public static final String COUNT = "count";
    public static final String TOTAL = "total";
    public static final String NSEEKS = "nseeks";
    public static final String MEDIAN = "median";
    public static final String MODE = "mode";
    public static final String MODE_COUNT = "modeCount";
    public static final String TIME_NS = "timeNs";
    public static final String TASK = "task";
    public static final String SUBJECT = "subject";
    public static final String DESCRIPTION = "description";

    private SummaryKeys() {
    }

    /** The dotted path of a nested value, e.g. {@code path(IO_SIZE, MEAN)} is {@code ioSize.mean}. */
    public static String path(String... names) {
        return String.join(".", names);
    }
}
