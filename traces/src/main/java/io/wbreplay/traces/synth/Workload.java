package io.wbreplay.traces.synth;

import io.wbreplay.traces.TraceReader;
import java.util.Locale;
import java.util.function.Function;

/** The synthetic trace workloads, by the name {@code wbreplay trace generate} takes. */
public enum Workload {
    SEQ_WRITE("seq-write", "one writer appends to f0 up to --file-size; fsync, close", SequentialWriter::new),
    RAND_WRITE("rand-write", "writes at uniformly random offsets of f0; fsync, close", RandomWriter::randomWrite),
    STREAMS("streams", "--streams sequential writers on own files, interleaved", InterleavedStreams::new),
    ZIPF("zipf", "a Zipf(--zipf-exponent) hot set of the blocks of f0", ZipfHotSet::new),
    SMALL_FILES("small-files", "create, write, close files; unlink beyond --live-files", SmallFiles::new),
    MMAP_DIRTY("mmap-dirty", "random 4 KiB page dirtying of a large mapped file", RandomWriter::mmapDirty),
    MIXED("mixed", "random reads (--read-fraction) and writes on f0", RandomWriter::mixed),
    RECLAIM_HAZARDS("reclaim-hazards", "writers dirty files others truncate, unlink, close", ReclaimHazards::new);

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
