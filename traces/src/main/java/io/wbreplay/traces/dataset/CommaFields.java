package io.wbreplay.traces.dataset;

import io.wbreplay.traces.TextLine;

/** Splits a CSV line of plain fields (no quoting: the dataset traces have none) on ',' in place. */
final class CommaFields {
    private static final int MAX = 32;

    private final int[] from = new int[MAX];
    private final int[] to = new int[MAX];
    private int count;
    private TextLine line;

    /** Splits {@code line}; fields are trimmed of spaces. Returns the number of fields (at most 32 kept). */
    int split(TextLine line) {
        this.line = line;
        count = 0;
        int start = 0;
        int n = line.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || line.charAt(i) == ',') {
                if (count < MAX) {
                    int a = start;
                    int b = i;
                    while (a < b && line.charAt(a) == ' ') {
                        a++;
                    }
                    while (b > a && line.charAt(b - 1) == ' ') {
                        b--;
                    }
                    from[count] = a;
                    to[count] = b;
                }
                count++;
                start = i + 1;
            }
        }
        return count;
    }

    int count() {
        return count;
    }

    /** Field {@code i} as an unsigned decimal, or {@link TextLine#NONE}. */
    long unsigned(int i) {
        return line.unsigned(from[i], to[i]);
    }

    /** Field {@code i} as seconds with a fraction, in nanoseconds, or {@link TextLine#NONE}. */
    long seconds(int i) {
        line.position(from[i]);
        long ns = line.secondsAsNanos();
        return ns != TextLine.NONE && line.position() == to[i] ? ns : TextLine.NONE;
    }

    boolean is(int i, byte[] word) {
        return line.equalsIgnoreCase(from[i], to[i], word);
    }

    int length(int i) {
        return to[i] - from[i];
    }

    int charAt(int i, int index) {
        return line.charAt(from[i] + index);
    }

    /** Field {@code i} as text, for messages. */
    String text(int i) {
        return line.text(from[i], to[i]);
    }
}
