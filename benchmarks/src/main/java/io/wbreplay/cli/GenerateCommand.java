package io.wbreplay.cli;

import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.Units;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import io.wbreplay.traces.synth.SynthOptions;
import io.wbreplay.traces.synth.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wbreplay trace generate NAME -o FILE}: writes a synthetic workload, or a memory-hog schedule. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = GenerateCommand.ListWorkloads.class,
        description = "Write a synthetic workload as a trace (file-level records on files f0, f1, ...), "
                + "or a memory-hog schedule. Same options and seed, same bytes.",
        footer = {"", "Sizes take K, M, G (powers of 1024); times take ns, us, ms, s (bare numbers are ns)."})
final class GenerateCommand implements Callable<Integer> {
    static final String MEMORY_HOG = "memory-hog";

    @Parameters(paramLabel = "NAME", description = "The workload (listed below).")
    String name;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write it (atomically).")
    Path output;

    @Option(names = "--to", paramLabel = "FORMAT", defaultValue = "wbreplay-csv",
            description = "Trace format to write (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--count", paramLabel = "N", description = "Data operations (default: per workload; "
            + "seq-write: file size / block size, streams: streams x that, others: 16384; reclaim-hazards: steps).")
    Long count;

    @Option(names = "--block-size", paramLabel = "SIZE", defaultValue = "4096", converter = Size.class,
            description = "Bytes per I/O (default: ${DEFAULT-VALUE}).")
    long blockSize;

    @Option(names = "--file-size", paramLabel = "SIZE", converter = Size.class,
            description = "Size of each file (default: 64M; small-files 16K; mmap-dirty 1G).")
    Long fileSize;

    @Option(names = "--think-time", paramLabel = "TIME", defaultValue = "10us", converter = Duration.class,
            description = "Mean gap between records, exponentially distributed; 1 / rate (default: ${DEFAULT-VALUE}).")
    long thinkTimeNs;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "4",
            description = "Writers for streams and reclaim-hazards (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--files", paramLabel = "N", description = "Files (default: small-files 1000, reclaim-hazards 8).")
    Long files;

    @Option(names = "--live-files", paramLabel = "N", defaultValue = "100",
            description = "small-files: files kept before the oldest is unlinked (default: ${DEFAULT-VALUE}).")
    int liveFiles;

    @Option(names = "--zipf-exponent", paramLabel = "S", defaultValue = "1.0",
            description = "zipf: popularity exponent s, P(rank k) ~ 1/k^s (default: ${DEFAULT-VALUE}).")
    double zipfExponent;

    @Option(names = "--read-fraction", paramLabel = "F",
            description = "Fraction of reads (default: mixed 0.3, zipf 0).")
    Double readFraction;

    @Option(names = "--fsync-every", paramLabel = "N", defaultValue = "0",
            description = "An fsync every N data operations; 0: only at the end (default: ${DEFAULT-VALUE}).")
    long fsyncEvery;

    @Option(names = "--hog-bytes", paramLabel = "SIZE", defaultValue = "1G", converter = Size.class,
            description = "memory-hog: bytes pinned at the end (default: ${DEFAULT-VALUE}).")
    long hogBytes;

    @Option(names = "--hog-duration", paramLabel = "TIME", defaultValue = "10s", converter = Duration.class,
            description = "memory-hog: time to reach --hog-bytes (default: ${DEFAULT-VALUE}).")
    long hogDurationNs;

    @Option(names = "--hog-steps", paramLabel = "N", defaultValue = "100",
            description = "memory-hog: equal steps to get there (default: ${DEFAULT-VALUE}).")
    int hogSteps;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (name.equalsIgnoreCase(MEMORY_HOG)) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--to")) {
                throw new IllegalArgumentException("memory-hog writes a schedule (time_ns,pinned_bytes), not a trace: drop --to");
            }
            MemoryHogSchedule.growing(hogBytes, hogDurationNs, hogSteps).write(output);
            return 0;
        }
        Workload workload = Workload.byName(name);
        TraceFormat format = TraceFormats.byName(to);
        if (!format.canWrite()) {
            throw new IllegalArgumentException("the " + format.name() + " format can be read but not written");
        }
        try (TraceReader in = workload.open(options())) {
            TraceCopy.copy(in, format.create(output), workload.workloadName());
        }
        return 0;
    }

    private SynthOptions options() {
        SynthOptions o = new SynthOptions();
        o.seed = seed;
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, not " + count + " (leave it out for the workload's default)");
        }
        o.count = count == null ? SynthOptions.UNSET : count;
        o.blockSize = blockSize;
        o.fileSize = fileSize == null ? SynthOptions.UNSET : fileSize;
        o.thinkTimeNs = thinkTimeNs;
        o.streams = streams;
        o.files = files == null ? SynthOptions.UNSET : files;
        o.liveFiles = liveFiles;
        o.zipfExponent = zipfExponent;
        o.readFraction = readFraction == null ? Double.NaN : readFraction;
        o.fsyncEvery = fsyncEvery;
        return o;
    }

    /** Adds the list of workloads, one line each, to the help. */
    static final class ListWorkloads implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            List<String> lines = new ArrayList<>();
            lines.add("");
            lines.add("Workloads:");
            for (Workload w : Workload.values()) {
                lines.add(String.format(Locale.ROOT, "  %-16s %s", w.workloadName(), w.description()));
            }
            lines.add(String.format(Locale.ROOT, "  %-16s %s", MEMORY_HOG,
                    "pinned memory over time (time_ns,pinned_bytes)"));
            lines.addAll(List.of(spec.usageMessage().footer()));
            spec.usageMessage().footer(lines.toArray(new String[0]));
            return spec;
        }
    }

    /** A byte count: a whole number with an optional K, M, G or T suffix (powers of 1024). */
    static final class Size implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Units.parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration in nanoseconds: a whole number with an optional ns, us, ms or s suffix. */
    static final class Duration implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Units.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
