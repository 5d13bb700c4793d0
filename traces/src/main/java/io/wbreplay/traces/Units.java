package io.wbreplay.traces;

import java.util.Locale;

/** Sizes (4096, 4K, 64M, 1G: powers of 1024) and durations (500, 10us, 5ms, 2s) as users write them. */
public final class Units {
    private static final String[] SIZE_SUFFIXES = {"", "K", "M", "G", "T"};
    private static final String[] TIME_SUFFIXES = {"ns", "us", "ms", "s"};
    private static final long[] TIME_UNITS = {1, 1_000, 1_000_000, 1_000_000_000};

    private Units() {
    }

    /** A byte count: a whole number with an optional K, M, G or T suffix (an optional B or iB after it). */
    public static long parseSize(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        int shift = 0;
        if (v.endsWith("IB")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        if (!v.isEmpty()) {
            int k = "KMGT".indexOf(v.charAt(v.length() - 1));
            if (k >= 0) {
                shift = 10 * (k + 1);
                v = v.substring(0, v.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && (shift == 0 || n <= Long.MAX_VALUE >> shift)) {
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a size (e.g. 4096, 4K, 64M, 1G)");
    }

    /** {@code bytes} in the largest unit that divides it: 1073741824 is "1G", 1536 is "1536". */
    public static String formatSize(long bytes) {
        int u = 0;
        while (bytes != 0 && u < SIZE_SUFFIXES.length - 1 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + SIZE_SUFFIXES[u];
    }

    /** Nanoseconds: a whole number with an optional ns, us, ms or s suffix (none: nanoseconds). */
    public static long parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        for (int i = 0; i < TIME_SUFFIXES.length; i++) {
            if (v.endsWith(TIME_SUFFIXES[i])) {
                unit = TIME_UNITS[i];
                v = v.substring(0, v.length() - TIME_SUFFIXES[i].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 500, 10us, 5ms, 2s)");
    }

    /** {@code ns} in the largest unit that divides it: 600000000000 is "600s". */
    public static String formatDuration(long ns) {
        for (int i = TIME_UNITS.length - 1; i > 0; i--) {
            if (ns != 0 && ns % TIME_UNITS[i] == 0) {
                return ns / TIME_UNITS[i] + TIME_SUFFIXES[i];
            }
        }
        return ns + "ns";
    }
}
