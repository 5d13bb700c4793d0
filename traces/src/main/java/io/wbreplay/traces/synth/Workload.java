package io.wbreplay.traces.synth;

import io.wbreplay.traces.TraceReader;
import java.util.Locale;
import java.util.function.Function;

/** The synthetic trace workloads, by the name {@code wbreplay trace generate} takes. */
public enum Workload {
    SEQ_WRITE("seq-write", "one writer appends --block-size writes to f0 up to --file-size, then fsync, close", SequentialWriter::new),
    RAND_WRITE("rand-write", "--count block writes at uniformly random offsets of f0 (--file-size), then fsync, close", RandomWriter::randomWrite),
    STREAMS("streams", "--streams sequential writers, each on its own file, their writes interleaved at random", InterleavedStreams::new),
    ZIPF("zipf", "--count block I/Os to f0 with Zipf(--zipf-exponent) popularity over its blocks (a hot set)", ZipfHotSet::new),
    SMALL_FILES("small-files", "--files small files (16 KiB): open, write, close; the oldest unlinked beyond --live-files", SmallFiles::new),
    MMAP_DIRTY("mmap-dirty", "--count random 4 KiB page dirties of a large file (1 GiB), as through a shared mapping", RandomWriter::mmapDirty),
    MIXED("mixed", "--count random block reads and writes on f0, --read-fraction of them reads (0.3)", RandomWriter::mixed),
    RECLAIM_HAZARDS("reclaim-hazards", "--streams writers dirty --files files (8) while others truncate, unlink, close and fsync them", ReclaimHazards::new);

    private final String name;
    private final String description;
    private final Function<SynthOptions, TraceReader> factory;

    Workload(String name, String description, Function<SynthOptions, TraceReader> factory) {
        this.name = name;
        this.description = description;
        this.factory = factory;
    }

    /** The name on the command line, e.g. {@code seq-write}. */
    public String workloadName() {
        return name;
    }

    /** One line for {@code --help}. */
    public String description() {
        return description;
    }

    /** A fresh, streaming generator of this workload. */
    public TraceReader open(SynthOptions options) {
        return factory.apply(options);
    }

    /** The workload called {@code name}. */
    public static Workload byName(String name) {
        for (Workload w : values()) {
            if (w.name.equals(name.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Workload w : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(w.name);
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + known + ", memory-hog");
    }
}
