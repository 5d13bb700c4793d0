package io.wbreplay.traces.dataset;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The SNIA MSR Cambridge block traces (Narayanan et al., "Write off-loading", FAST 2008):
 * {@code Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime}, Timestamp in Windows FILETIME
 * (100 ns ticks), Type Read or Write, Offset and Size in bytes. Records are QUEUE events; time is
 * nanoseconds since the first record; DiskNumber becomes the device minor (major 0); the hostname, one
 * per file in the published set, is not kept. Read only.
 */
public final class MsrFormat implements TraceFormat {
    /** 1970-01-01 in FILETIME ticks: nanoseconds since 1601 overflow a long, since 1970 they do not. */
    private static final long UNIX_EPOCH_TICKS = 116_444_736_000_000_000L;
    /** The last FILETIME whose nanoseconds since 1970 fit a long. */
    private static final long MAX_TICKS = UNIX_EPOCH_TICKS + Long.MAX_VALUE / 100;
    static final String LAYOUT = "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime";
    private static final byte[] READ = "Read".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRITE = "Write".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER = "Timestamp".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "msr";
    }

    @Override
    public String description() {
        return "SNIA MSR Cambridge CSV (Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime)";
    }

    @Override
    public boolean sniff(Path file, byte[] head, int length) {
        return Sniffing.firstRowParses(head, length, MsrFormat::isHeader, MsrFormat::parseRow);
    }

    static boolean isHeader(CommaFields f) {
        return f.is(0, HEADER);
    }

    /**
     * Fills {@code r} from one row, its time still in absolute FILETIME ticks (in nanoseconds they would
     * overflow a long); null, or what was expected.
     */
    static String parseRow(CommaFields f, IoRecord r) {
        if (f.count() != 7) {
            return DatasetReader.columns(f, 7, false);
        }
        long ticks = f.unsigned(0);
        if (ticks == TextLine.NONE || ticks > MAX_TICKS) {
            return DatasetReader.notUnsigned(f, 0, "a Timestamp in 100 ns ticks up to " + MAX_TICKS + " (year 2262)");
        }
        long disk = f.unsigned(2);
        if (disk == TextLine.NONE || disk > 0xfffff) {
            return DatasetReader.notUnsigned(f, 2, "a DiskNumber below 1048576");
        }
        if (f.is(3, READ)) {
            r.op = Operation.READ;
        } else if (f.is(3, WRITE)) {
            r.op = Operation.WRITE;
        } else {
            return "expected Type Read or Write in field 4, found '" + f.text(3) + "'";
        }
        long offset = f.unsigned(4);
        if (offset == TextLine.NONE) {
            return DatasetReader.notUnsigned(f, 4, "an Offset in bytes");
        }
        long size = f.unsigned(5);
        if (size == TextLine.NONE) {
            return DatasetReader.notUnsigned(f, 5, "a Size in bytes");
        }
        if (f.unsigned(6) == TextLine.NONE) {
            return DatasetReader.notUnsigned(f, 6, "a ResponseTime in 100 ns ticks");
        }
        r.kind = EventKind.QUEUE;
        r.timeNs = ticks;
        r.device = IoRecord.device(0, (int) disk);
        r.sector = offset / 512;
        r.bytes = size;
        return IoRecord.fileRangeProblem(offset, size);
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new DatasetReader(file, options) {
            private long firstTicks = -1;

            @Override
            String layout() {
                return LAYOUT;
            }

            @Override
            boolean isHeader(CommaFields f) {
                return MsrFormat.isHeader(f);
            }

            @Override
            String parse(CommaFields f, IoRecord r) {
                String problem = parseRow(f, r);
                if (problem == null) {
                    if (firstTicks < 0) {
                        firstTicks = r.timeNs;
                    }
                    if (r.timeNs < firstTicks) {
                        return "Timestamp " + r.timeNs + " is before the first record's (" + firstTicks
                                + "); expected times from the first record on";
                    }
                    r.timeNs = (r.timeNs - firstTicks) * 100;
                }
                return problem;
            }

            /** The first record's time in nanoseconds since 1970 (FILETIME counts from 1601). */
            @Override
            public long originNs() {
                return firstTicks < 0 ? 0 : (firstTicks - UNIX_EPOCH_TICKS) * 100;
            }
        };
    }
}
