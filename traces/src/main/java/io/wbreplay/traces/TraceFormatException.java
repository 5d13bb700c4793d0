package io.wbreplay.traces;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace that does not follow its format. The message names the file, where in it (a line, or a byte
 * offset for binary formats) and what was expected, so it can be shown to a user as it is.
 */
public final class TraceFormatException extends IOException {
    private final Path file;
    private final String where;

    public TraceFormatException(Path file, String where, String problem) {
        super(file + ": " + where + ": " + problem);
        this.file = file;
        this.where = where;
    }

    /** A problem at a 1-based line of a text trace. */
    public static TraceFormatException atLine(Path file, long line, String problem) {
        return new TraceFormatException(file, "line " + line, problem);
    }

    /** A problem at a byte offset of a binary trace. */
    public static TraceFormatException atByte(Path file, long offset, String problem) {
        return new TraceFormatException(file, "byte offset " + offset, problem);
    }

    public Path file() {
        return file;
    }

    /** "line N" or "byte offset N". */
    public String where() {
        return where;
    }
}
