package io.wbreplay.traces;

import java.nio.charset.StandardCharsets;

/**
 * One line of a text trace as bytes {@code [start, end)} of a shared buffer, with a cursor and the
 * allocation-free scanning the text readers need (numbers, fixed words, spaces). Parse methods return
 * {@link #NONE} instead of throwing, so a reader can say what it expected where.
 */
public final class TextLine {
    /** Returned by the number parsers when there is no valid number at the cursor. */
    public static final long NONE = -1;

    private byte[] buf;
    private int start;
    private int end;
    private int pos;
    private long u64;

    void reset(byte[] buf, int start, int end) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.pos = start;
    }

    /** Makes a line of {@code text} (tests and one-off parsing). */
    public static TextLine of(String text) {
        TextLine l = new TextLine();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        l.reset(b, 0, b.length);
        return l;
    }

    public int length() {
        return end - start;
    }

    public boolean isBlank() {
        for (int i = start; i < end; i++) {
            if (buf[i] != ' ' && buf[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The byte at line index {@code i} (0-based). */
    public int charAt(int i) {
        return buf[start + i] & 0xff;
    }

    /** The cursor as a 0-based index into the line. */
    public int position() {
        return pos - start;
    }

    public void position(int index) {
        pos = start + index;
    }

    /** True when the cursor is at the end of the line. */
    public boolean atEnd() {
        return pos >= end;
    }

    /** The byte at the cursor, or -1 at the end of the line. */
    public int peek() {
        return pos < end ? buf[pos] & 0xff : -1;
    }

    /** Skips spaces and tabs; returns how many. */
    public int skipSpaces() {
        int from = pos;
        while (pos < end && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        return pos - from;
    }

    /** Skips to the next space or tab (or the end); returns how many bytes were skipped. */
    public int skipToken() {
        int from = pos;
        while (pos < end && buf[pos] != ' ' && buf[pos] != '\t') {
            pos++;
        }
        return pos - from;
    }

    /** Consumes {@code c} if it is at the cursor. */
    public boolean accept(char c) {
        if (pos < end && buf[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes {@code word} (ASCII) if it is at the cursor. */
    public boolean accept(byte[] word) {
        if (end - pos < word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (buf[pos + i] != word[i]) {
                return false;
            }
        }
        pos += word.length;
        return true;
    }

    /** True if the line begins with {@code prefix} (ASCII). */
    public boolean startsWith(byte[] prefix) {
        return length() >= prefix.length && regionEquals(0, prefix.length, prefix);
    }

    /** True if bytes {@code [from, to)} of the line equal {@code word}, ignoring ASCII case. */
    public boolean equalsIgnoreCase(int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (lower(buf[start + from + i]) != lower(word[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    /** True if bytes {@code [from, to)} of the line equal {@code word} exactly. */
    public boolean regionEquals(int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (buf[start + from + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first {@code c} at or after line index {@code from}, or -1. */
    public int indexOf(char c, int from) {
        for (int i = start + from; i < end; i++) {
            if (buf[i] == c) {
                return i - start;
            }
        }
        return -1;
    }

    /** Index of the last {@code c} in the line, or -1. */
    public int lastIndexOf(char c) {
        for (int i = end - 1; i >= start; i--) {
            if (buf[i] == c) {
                return i - start;
            }
        }
        return -1;
    }

    /**
     * Parses an unsigned decimal number at the cursor and moves past it.
     *
     * @return the number, or {@link #NONE} if there are no digits or it overflows a long (cursor unmoved)
     */
    public long unsigned() {
        int p = pos;
        long v = 0;
        while (p < end) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                return NONE;
            }
            v = v * 10 + d;
            p++;
        }
        if (p == pos) {
            return NONE;
        }
        pos = p;
        return v;
    }

    /**
     * Parses an unsigned 64-bit decimal (up to 18446744073709551615, the kernel's {@code (u64)-1}) at the
     * cursor and moves past it; the value is then {@link #u64()}, as the bits of an unsigned long.
     *
     * @return false if there are no digits or the number exceeds 64 bits (cursor unmoved)
     */
    public boolean unsigned64() {
        int p = pos;
        long v = 0;
        while (p < end) {
            int d = buf[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            long times10 = v * 10;
            if (Long.compareUnsigned(v, 0x1999999999999999L) > 0 || Long.compareUnsigned(times10 + d, times10) < 0) {
                return false;
            }
            v = times10 + d;
            p++;
        }
        if (p == pos) {
            return false;
        }
        pos = p;
        u64 = v;
        return true;
    }

    /** The value of the last successful {@link #unsigned64()}. */
    public long u64() {
        return u64;
    }

    /** Parses the unsigned decimal number that is exactly bytes {@code [from, to)}, or {@link #NONE}. */
    public long unsigned(int from, int to) {
        if (from >= to) {
            return NONE;
        }
        int save = pos;
        pos = start + from;
        long v = unsigned();
        boolean whole = pos == start + to;
        pos = save;
        return whole ? v : NONE;
    }

    /**
     * Parses seconds with an optional fraction ({@code 7269912.982162}, {@code 411.215842123}) at the
     * cursor into nanoseconds and moves past it; digits beyond the ninth decimal are dropped.
     *
     * @return nanoseconds, or {@link #NONE} if there is no such number (cursor unmoved)
     */
    public long secondsAsNanos() {
        int save = pos;
        long seconds = unsigned();
        if (seconds == NONE || seconds > Long.MAX_VALUE / 1_000_000_000L - 1) {
            pos = save;
            return NONE;
        }
        long nanos = 0;
        if (accept('.')) {
            int digits = 0;
            while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
                if (digits < 9) {
                    nanos = nanos * 10 + (buf[pos] - '0');
                    digits++;
                }
                pos++;
            }
            if (digits == 0) {
                pos = save;
                return NONE;
            }
            for (; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        return seconds * 1_000_000_000L + nanos;
    }

    /** Whether bytes {@code [from, to)} are well-formed UTF-8 (for names, not the hot path). */
    public boolean isUtf8(int from, int to) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(buf, start + from, to - from));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Bytes {@code [from, to)} of the line as UTF-8 text (for names and messages, not the hot path). */
    public String text(int from, int to) {
        return new String(buf, start + from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text(0, length());
    }
}
