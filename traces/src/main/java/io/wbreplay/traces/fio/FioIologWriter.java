package io.wbreplay.traces.fio;

import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a version 3 fio iolog, as fio's log_io_u() and log_file() do: {@code TIME FILE ACTION
 * [OFFSET LENGTH]}, the time in microseconds (nanoseconds truncated).
 *
 * <p>A file's {@code add} line is written before the first record that uses it. File-level records map
 * back as the reader maps them (FSYNC and FLUSH become {@code sync}); TRUNCATE and UNLINK have no iolog
 * action and are {@link #omitted()}; a file id never named is written as {@code fileN}. Sector-level records become I/O on the file {@code /dev/block/MAJ:MIN}
 * (opened on first use) at byte offset sector x 512. Like fio's own blktrace replay, which keeps only
 * QUEUE events, only one stage of each I/O is written: QUEUE records, or ISSUE records for a device whose
 * first QUEUE-or-ISSUE record is an ISSUE (traces of block_rq_issue alone); the other stages are omitted.
 */
final class FioIologWriter implements TraceWriter {
    static final byte[] HEADER = "fio version 3 iolog\n".getBytes(StandardCharsets.US_ASCII);

    private final AtomicOutput out;
    private final List<byte[]> names = new ArrayList<>();
    private final BitSet added = new BitSet();
    /** Sector-level devices: the file id used for each, and the stage written for it. */
    private final Map<Integer, DeviceFile> devices = new HashMap<>();
    private final byte[] line = new byte[64];
    private long omitted;

    FioIologWriter(AtomicOutput out) throws IOException {
        this.out = out;
        out.write(HEADER);
    }

    @Override
    public void fileName(int file, String name) throws IOException {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isWhitespace(name.charAt(i))) {
                throw new IOException("file name '" + name + "' contains white space, which a fio iolog cannot hold");
            }
        }
        if (name.isEmpty()) {
            throw new IOException("empty file name for file id " + file);
        }
        while (names.size() <= file) {
            names.add(null);
        }
        names.set(file, name.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(IoRecord r) throws IOException {
        long us = Math.max(0, r.timeNs / 1000);
        byte[] action = action(r.op);
        byte[] name;
        long offset;
        if (r.isFileLevel()) {
            if (r.file >= names.size() || names.get(r.file) == null) {
                fileName(r.file, "file" + r.file);
            }
            name = names.get(r.file);
            if (action != null && !added.get(r.file)) {
                added.set(r.file);
                emit(us, name, ACTION_ADD, false, 0, 0);
            }
            offset = r.offset;
        } else {
            name = action == null ? null : deviceFile(r, us);
            offset = r.sector * 512;
        }
        if (action == null || name == null) {
            omitted++;
            return;
        }
        boolean range = r.op != Operation.OPEN && r.op != Operation.CLOSE;
        emit(us, name, action, range, offset, r.bytes);
    }

    /** The file name standing for r's device, or null if this stage of the I/O is not written. */
    private byte[] deviceFile(IoRecord r, long us) throws IOException {
        if (r.kind != EventKind.QUEUE && r.kind != EventKind.ISSUE) {
            return null;
        }
        DeviceFile dev = devices.get(r.device);
        if (dev == null) {
            dev = new DeviceFile(("/dev/block/" + IoRecord.major(r.device) + ":" + IoRecord.minor(r.device))
                    .getBytes(StandardCharsets.US_ASCII), r.kind);
            devices.put(r.device, dev);
            emit(us, dev.name, ACTION_ADD, false, 0, 0);
            emit(us, dev.name, ACTION_OPEN, false, 0, 0);
        }
        return dev.stage == r.kind ? dev.name : null;
    }

    /** The file a sector-level device is written as, and the one stage of its I/O that is written. */
    private record DeviceFile(byte[] name, EventKind stage) {
    }

    private static final byte[] ACTION_ADD = ascii("add");
    private static final byte[] ACTION_OPEN = ascii("open");
    private static final byte[] ACTION_CLOSE = ascii("close");
    private static final byte[] ACTION_READ = ascii("read");
    private static final byte[] ACTION_WRITE = ascii("write");
    private static final byte[] ACTION_SYNC = ascii("sync");
    private static final byte[] ACTION_TRIM = ascii("trim");

    private static byte[] action(Operation op) {
        switch (op) {
            case READ: return ACTION_READ;
            case WRITE: return ACTION_WRITE;
            case DISCARD: return ACTION_TRIM;
            case FSYNC: case FLUSH: return ACTION_SYNC;
            case OPEN: return ACTION_OPEN;
            case CLOSE: return ACTION_CLOSE;
            default: return null;
        }
    }

    private void emit(long us, byte[] name, byte[] action, boolean range, long offset, long length) throws IOException {
        int n = put(us, 0);
        line[n++] = ' ';
        out.write(line, 0, n);
        out.write(name);
        n = 0;
        line[n++] = ' ';
        System.arraycopy(action, 0, line, n, action.length);
        n += action.length;
        if (range) {
            line[n++] = ' ';
            n = put(offset, n);
            line[n++] = ' ';
            n = put(length, n);
        }
        line[n++] = '\n';
        out.write(line, 0, n);
    }

    /** Writes the decimal digits of {@code v >= 0} at {@code line[at]}; returns the index after them. */
    private int put(long v, int at) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            line[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public long omitted() {
        return omitted;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public void abandon() {
        out.abandon();
    }
}
