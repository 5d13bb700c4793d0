package io.wbreplay.traces.stats;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What a trace holds: records per event kind and operation, bytes, duration, request sizes and btt's
 * seek tables, gathered in one streaming pass.
 *
 * <p>A block trace shows each I/O several times (Q, D, C, ...), so the I/O-level figures (bytes,
 * read/write mix, sizes) are taken from one kind only, the {@linkplain #ioKind() I/O kind}: QUEUE
 * when the trace has Q events, else ISSUE, else COMPLETE, else the file-level records. Seek tables
 * follow btt: per device, Q2Q from QUEUE records and D2D from ISSUE records. File-level traces (fio
 * iologs, synthetic workloads) have no devices and no block-layer stages: they get one table pair per
 * file, in which every data record (read, write, discard) counts as both its Q and its D, its offset
 * taken in 512-byte sectors; their Q2Q and D2D tables are therefore equal.
 */
public final class TraceStats {
    private static final EventKind[] KINDS = EventKind.values();
    private static final Operation[] OPS = Operation.values();
    /** The candidates for the I/O kind, in order of preference. */
    private static final EventKind[] IO_KINDS = {EventKind.QUEUE, EventKind.ISSUE, EventKind.COMPLETE, EventKind.FILE_OP};
    /** Per kind: its place in {@link #IO_KINDS}, or {@code IO_KINDS.length} for a kind that is never the I/O kind. */
    private static final int[] IO_RANK = new int[KINDS.length];

    static {
        java.util.Arrays.fill(IO_RANK, IO_KINDS.length);
        for (int i = 0; i < IO_KINDS.length; i++) {
            IO_RANK[IO_KINDS[i].ordinal()] = i;
        }
    }

    private long records;
    private long firstNs = Long.MAX_VALUE;
    private long lastNs = Long.MIN_VALUE;
    private final long[][] count = new long[KINDS.length][OPS.length];
    private final long[][] bytes = new long[KINDS.length][OPS.length];
    private final Histogram[] sizes = new Histogram[KINDS.length];
    private final long[] minSize = new long[KINDS.length];
    private final long[] maxSize = new long[KINDS.length];
    /** Per kind: [k] counts sizes in (2^(k-1), 2^k]. */
    private final long[][] sizeClasses = new long[KINDS.length][65];
    private final BttSeekStats deviceSeeks = new BttSeekStats();
    private final BttSeekStats fileSeeks = new BttSeekStats();
    private long skipped;
    private long ignored;
    private String skippedSummary;
    private final List<String> fileNames = new ArrayList<>();
    /**
     * The best {@link #IO_RANK} seen so far. Only records of that rank can still be of the I/O kind, so
     * only theirs are sized: a Q/G/I/D/C trace sizes its Q records, not every event's five times over.
     */
    private int ioRank = IO_KINDS.length - 1;

    /** Reads {@code in} to its end. */
    public static TraceStats read(TraceReader in) throws IOException {
        TraceStats s = new TraceStats();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            s.add(r);
        }
        s.skipped = in.skipped();
        s.skippedSummary = in.skippedSummary();
        s.ignored = in.ignored();
        for (int id : s.fileSeeks.devices()) {
            while (s.fileNames.size() <= id) {
                s.fileNames.add(null);
            }
            s.fileNames.set(id, in.fileName(id));
        }
        return s;
    }

    /** Counts one record. */
    public void add(IoRecord r) {
        records++;
        firstNs = Math.min(firstNs, r.timeNs);
        lastNs = Math.max(lastNs, r.timeNs);
        int k = r.kind.ordinal();
        count[k][r.op.ordinal()]++;
        bytes[k][r.op.ordinal()] += r.bytes;
        ioRank = Math.min(ioRank, IO_RANK[k]);
        if (IO_RANK[k] == ioRank && r.op.hasData() && r.bytes > 0) {
            if (sizes[k] == null) {
                sizes[k] = new Histogram(3);
                minSize[k] = Long.MAX_VALUE;
            }
            sizes[k].recordValue(r.bytes);
            minSize[k] = Math.min(minSize[k], r.bytes);
            maxSize[k] = Math.max(maxSize[k], r.bytes);
            sizeClasses[k][64 - Long.numberOfLeadingZeros(r.bytes - 1)]++;
        }
        if (r.isFileLevel()) {
            if (r.op.hasData()) {
                fileSeeks.queueAndIssue(r.file, r.offset >> 9, r.bytes);
            }
        } else {
            deviceSeeks.add(r);
        }
    }

    public long records() {
        return records;
    }

    /** Malformed records the reader skipped (lenient mode). */
    public long skipped() {
        return skipped;
    }

    /** The reader's one-line account of what it skipped, or null. */
    public String skippedSummary() {
        return skippedSummary;
    }

    /** Valid lines or events that are not I/O records. */
    public long ignored() {
        return ignored;
    }

    /** Time of the first record (ns), 0 if none. */
    public long firstNs() {
        return records == 0 ? 0 : firstNs;
    }

    /** Time from the first record to the last (ns). */
    public long durationNs() {
        return records == 0 ? 0 : lastNs - firstNs;
    }

    public long count(EventKind kind) {
        long n = 0;
        for (long c : count[kind.ordinal()]) {
            n += c;
        }
        return n;
    }

    public long count(EventKind kind, Operation op) {
        return count[kind.ordinal()][op.ordinal()];
    }

    public long bytes(EventKind kind, Operation op) {
        return bytes[kind.ordinal()][op.ordinal()];
    }

    /** The kind the I/O-level figures come from (see the class comment), or null for an empty trace. */
    public EventKind ioKind() {
        for (EventKind k : IO_KINDS) {
            if (count(k) > 0) {
                return k;
            }
        }
        return null;
    }

    /** Records of the I/O kind that move data (reads, writes, discards). */
    public long ios() {
        EventKind k = ioKind();
        return k == null ? 0 : count(k, Operation.READ) + count(k, Operation.WRITE) + count(k, Operation.DISCARD);
    }

    /** Bytes moved by the records of the I/O kind. */
    public long bytes() {
        EventKind k = ioKind();
        return k == null ? 0 : bytes(k, Operation.READ) + bytes(k, Operation.WRITE) + bytes(k, Operation.DISCARD);
    }

    /** The smallest data record of the I/O kind (bytes, exact), 0 if none. */
    public long minSize() {
        EventKind k = ioKind();
        return k == null || sizes[k.ordinal()] == null ? 0 : minSize[k.ordinal()];
    }

    /** The largest data record of the I/O kind (bytes, exact), 0 if none. */
    public long maxSize() {
        EventKind k = ioKind();
        return k == null ? 0 : maxSize[k.ordinal()];
    }

    /**
     * Sizes in bytes of the data records of the I/O kind (empty histogram if none), to three
     * significant digits; use {@link #minSize()} and {@link #maxSize()} for the exact extremes.
     */
    public Histogram sizes() {
        EventKind k = ioKind();
        return k == null || sizes[k.ordinal()] == null ? new Histogram(3) : sizes[k.ordinal()];
    }

    /**
     * Sizes of the data records of the I/O kind by power of two, exact: element k counts the sizes
     * in (2^(k-1), 2^k] bytes (element 0: size 1).
     */
    public long[] sizeClasses() {
        EventKind k = ioKind();
        return k == null ? new long[65] : sizeClasses[k.ordinal()].clone();
    }

    /** Mean size of the data records of the I/O kind (bytes, exact), 0 if none. */
    public double meanSize() {
        long n = sizes().getTotalCount();
        return n == 0 ? 0 : (double) bytes() / n;
    }

    /** Seek tables per device (sector-level records). */
    public BttSeekStats deviceSeeks() {
        return deviceSeeks;
    }

    /** Seek tables per file id (file-level records). */
    public BttSeekStats fileSeeks() {
        return fileSeeks;
    }

    /** The name of file id {@code id} as the reader gave it, else {@code f<id>}. */
    public String fileName(int id) {
        String name = id < fileNames.size() ? fileNames.get(id) : null;
        return name != null ? name : "f" + id;
    }
}
