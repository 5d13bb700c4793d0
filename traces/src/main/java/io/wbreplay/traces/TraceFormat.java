package io.wbreplay.traces;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One trace format: its name for {@code --format}, how to recognise it, how to read it and, where
 * supported, write it. Formats are listed in {@link io.wbreplay.traces.formats.TraceFormats}.
 */
public interface TraceFormat {
    /** The name users pass to {@code --format}, e.g. {@code blktrace}, {@code fio-iolog}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * True if {@code head}, the first bytes of {@code file} (up to 64 KiB, fewer if the file is
     * shorter), look like this format.
     */
    boolean sniff(Path file, byte[] head, int length);

    TraceReader open(Path file, ReadOptions options) throws IOException;

    default boolean canWrite() {
        return false;
    }

    /** Starts writing {@code file}; only if {@link #canWrite()}. */
    default TraceWriter create(Path file) throws IOException {
        throw new IOException("the " + name() + " format can be read but not written");
    }
}
