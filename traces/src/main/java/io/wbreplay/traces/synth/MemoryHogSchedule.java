package io.wbreplay.traces.synth;

import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * How much memory another task pins over time, shrinking what the page cache may use: a step function
 * of (time, pinned bytes), read by the replay's {@code --pinned FILE}. As a file it is a CSV with the
 * header {@value #HEADER}, times strictly increasing; before the first step nothing is pinned.
 */
public final class MemoryHogSchedule {
    /** The first line of the file. */
    public static final String HEADER = "time_ns,pinned_bytes";
    private static final String[] COLUMNS = HEADER.split(",");
    /** Fields trimmed (a line of blanks reads as one empty field), lines end with a newline. */
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setTrim(true).setRecordSeparator('\n').get();
    /** Nothing pinned, ever. */
    public static final MemoryHogSchedule NONE = new MemoryHogSchedule(new long[0], new long[0]);

    private final long[] times;
    private final long[] pinned;

    private MemoryHogSchedule(long[] times, long[] pinned) {
        this.times = times;
        this.pinned = pinned;
    }

    /**
     * A hog that grows linearly from nothing to {@code maxBytes} in {@code steps} equal steps spread
     * over {@code durationNs} (the last step at {@code durationNs}), then holds.
     */
    public static MemoryHogSchedule growing(long maxBytes, long durationNs, int steps) {
        if (maxBytes < 0 || durationNs < 0 || steps < 1) {
            throw new IllegalArgumentException("memory-hog: needs --hog-bytes >= 0, --hog-duration >= 0, --hog-steps >= 1");
        }
        if (steps > durationNs) {
            throw new IllegalArgumentException("memory-hog: --hog-duration must be at least --hog-steps nanoseconds");
        }
        long[] t = new long[steps + 1];
        long[] p = new long[steps + 1];
        for (int i = 0; i <= steps; i++) {
            t[i] = Math.round((double) durationNs * i / steps);
            p[i] = Math.round((double) maxBytes * i / steps);
        }
        return new MemoryHogSchedule(t, p);
    }

    /** Bytes pinned at {@code timeNs}: the value of the last step at or before it, 0 before the first. */
    public long pinnedAt(long timeNs) {
        int i = Arrays.binarySearch(times, timeNs);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? 0 : pinned[i];
    }

    public int steps() {
        return times.length;
    }

    public long timeNs(int step) {
        return times[step];
    }

    public long pinnedBytes(int step) {
        return pinned[step];
    }

    /** Writes the CSV form atomically. */
    public void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        try (CSVPrinter out = new CSVPrinter(b, CSV.builder().setHeader(COLUMNS).get())) {
            for (int i = 0; i < times.length; i++) {
                out.printRecord(times[i], pinned[i]);
            }
        }
        AtomicOutput.writeString(file, b.toString());
    }

    /** Reads the CSV form; errors name the line and what was expected. */
    public static MemoryHogSchedule read(Path file) throws IOException {
        long[] t = new long[16];
        long[] p = new long[16];
        int n = 0;
        long lineNo = 1;
        try (CSVParser in = CSVParser.builder().setPath(file).setCharset(StandardCharsets.UTF_8).setFormat(CSV).get()) {
            Iterator<CSVRecord> rows = in.iterator();
            if (!rows.hasNext() || !rows.next().toList().equals(List.of(COLUMNS))) {
                throw TraceFormatException.atLine(file, 1, "expected the header " + HEADER);
            }
            while (rows.hasNext()) {
                CSVRecord row = rows.next();
                lineNo = in.getCurrentLineNumber();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue; // a line of blanks
                }
                if (row.size() != 2) {
                    throw TraceFormatException.atLine(file, lineNo, "expected 2 columns: " + HEADER);
                }
                long time = number(file, lineNo, row.get(0), COLUMNS[0]);
                long bytes = number(file, lineNo, row.get(1), COLUMNS[1]);
                if (n > 0 && time <= t[n - 1]) {
                    throw TraceFormatException.atLine(file, lineNo, "time_ns must increase: " + time + " after " + t[n - 1]);
                }
                if (n == t.length) {
                    t = Arrays.copyOf(t, n * 2);
                    p = Arrays.copyOf(p, n * 2);
                }
                t[n] = time;
                p[n++] = bytes;
            }
        } catch (UncheckedIOException e) { // commons-csv reports broken quoting this way
            throw TraceFormatException.atLine(file, lineNo + 1, "unreadable CSV: " + e.getCause().getMessage());
        }
        return new MemoryHogSchedule(Arrays.copyOf(t, n), Arrays.copyOf(p, n));
    }

    private static long number(Path file, long line, String s, String column) throws TraceFormatException {
        try {
            long v = Long.parseLong(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw TraceFormatException.atLine(file, line, column + ": expected a whole number >= 0, found '" + s + "'");
    }
}
