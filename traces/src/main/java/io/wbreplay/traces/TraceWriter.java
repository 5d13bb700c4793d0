package io.wbreplay.traces;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes records in one format. Output appears atomically: nothing is visible under the final name
 * until {@link #close()} succeeds (see {@link AtomicOutput}).
 */
public interface TraceWriter extends Closeable {
    void write(IoRecord record) throws IOException;

    /**
     * Gives up instead of {@link #close()}: whatever was written is dropped and the target file is left
     * as it was. Call on failure; the default does nothing, which already leaves the target untouched.
     */
    default void abandon() {
    }

    /** Names a file id before records refer to it (file-level formats need the name). */
    default void fileName(int file, String name) throws IOException {
    }

    /** Names the command of a pid (blktrace writes it as a notify record). */
    default void processName(int pid, String command) throws IOException {
    }

    /** Records given to {@link #write} that this format cannot hold and so left out (0 for most formats). */
    default long omitted() {
        return 0;
    }
}
