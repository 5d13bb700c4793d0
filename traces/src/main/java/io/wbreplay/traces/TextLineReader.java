package io.wbreplay.traces;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a text trace line by line into one reused {@link TextLine}, without decoding to {@code String}
 * and without allocating per line: the text formats parse bytes in place. Lines end at {@code \n}; a
 * trailing {@code \r} is dropped. A line longer than the buffer grows it, up to {@value #MAX_LINE} bytes:
 * no text trace has longer lines, and a binary file or a device such as /dev/zero must not grow it
 * without end.
 */
public final class TextLineReader implements Closeable {
    private static final int BUFFER = 1 << 16;
    /** The longest line accepted, in bytes. */
    public static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    /** The file, for messages; null when reading bytes in memory (sniffing). */
    private final Path file;
    private final TextLine line = new TextLine();
    private byte[] buf = new byte[BUFFER];
    /** Bytes [pos, limit) are read but not yet returned. */
    private int pos;
    private int limit;
    private boolean eof;
    private long number;
    /** The current line is the last and has no newline: a recording that stopped mid-write. */
    private boolean cutShort;

    public TextLineReader(InputStream in) {
        this(in, null);
    }

    private TextLineReader(InputStream in, Path file) {
        this.in = in;
        this.file = file;
    }

    public static TextLineReader open(Path file) throws IOException {
        return new TextLineReader(TraceInput.open(file), file);
    }

    /**
     * Advances to the next line.
     *
     * @return false at the end of the input
     */
    public boolean next() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    emit(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            scan = limit;
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                emit(pos, limit);
                pos = limit;
                cutShort = true;
                return true;
            }
            scan -= pos;
            fill();
        }
    }

    /** The current line; valid until the next call to {@link #next()}. */
    public TextLine line() {
        return line;
    }

    /** True if the current line is the last one and ends without a newline. */
    public boolean cutShort() {
        return cutShort;
    }

    /** The 1-based number of the current line. */
    public long number() {
        return number;
    }

    private void emit(int from, int to) {
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        number++;
        line.reset(buf, from, to);
    }

    /** Moves the unread bytes to the front (growing the buffer if they fill it) and reads more. */
    private void fill() throws IOException {
        int pending = limit - pos;
        if (pending == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw TraceFormatException.atLine(file == null ? Path.of("(input)") : file, number + 1,
                        "a line longer than " + (MAX_LINE >> 20) + " MiB; expected a text trace (is the file binary?)");
            }
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, pos, bigger, 0, pending);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, pending);
        }
        pos = 0;
        limit = pending;
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
