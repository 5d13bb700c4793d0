package io.wbreplay.traces;

/**
 * One trace record. Readers fill a caller-owned instance in place (as libCacheSim does), so reading a
 * trace allocates nothing per record; call {@link #copy()} to keep one.
 *
 * <p>A sector-level record names {@link #device} and {@link #sector}; a file-level record names
 * {@link #file} (an id the reader assigns, see {@link TraceReader#fileName(int)}) and {@link #offset}.
 */
public final class IoRecord {
    /** No file: a sector-level record. */
    public static final int NO_FILE = -1;

    /** REQ_SYNC: the submitter waits for it. */
    public static final int SYNC = 1;
    /** REQ_META: filesystem metadata. */
    public static final int META = 1 << 1;
    /** REQ_FUA: forced unit access. */
    public static final int FUA = 1 << 2;
    /** REQ_PREFLUSH: flush the device cache before this request. */
    public static final int PREFLUSH = 1 << 3;
    /** REQ_RAHEAD: readahead. */
    public static final int READAHEAD = 1 << 4;

    /** Nanoseconds since the start of the trace. */
    public long timeNs;
    public EventKind kind = EventKind.FILE_OP;
    public Operation op = Operation.READ;
    /** The issuing stream: a pid, thread or job. */
    public int pid;
    /** The CPU that recorded the event, where the format has one (else 0). */
    public int cpu;
    /** Device number as blktrace encodes it: {@code major << 20 | minor}. */
    public int device;
    /** Start in 512-byte sectors (sector-level records). */
    public long sector;
    /** File id (file-level records), or {@link #NO_FILE}. */
    public int file = NO_FILE;
    /** Start in bytes within {@link #file} (file-level records). */
    public long offset;
    /** Length in bytes; 0 where the operation moves no data. */
    public long bytes;
    /** {@link #SYNC}, {@link #META}, {@link #FUA}, {@link #PREFLUSH}, {@link #READAHEAD}. */
    public int flags;
    /** Completion error code (COMPLETE events), else 0. */
    public int error;

    /** Resets every field to its default, ready for the next record. */
    public IoRecord clear() {
        timeNs = 0;
        kind = EventKind.FILE_OP;
        op = Operation.READ;
        pid = 0;
        cpu = 0;
        device = 0;
        sector = 0;
        file = NO_FILE;
        offset = 0;
        bytes = 0;
        flags = 0;
        error = 0;
        return this;
    }

    public boolean isFileLevel() {
        return file != NO_FILE;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Copies every field of {@code other} into this record. */
    public IoRecord set(IoRecord other) {
        timeNs = other.timeNs;
        kind = other.kind;
        op = other.op;
        pid = other.pid;
        cpu = other.cpu;
        device = other.device;
        sector = other.sector;
        file = other.file;
        offset = other.offset;
        bytes = other.bytes;
        flags = other.flags;
        error = other.error;
        return this;
    }

    public IoRecord copy() {
        return new IoRecord().set(this);
    }

    /**
     * What every format accepts as a sector range: its bytes, from {@code sector * 512} to the end, must
     * be addressable as a signed 64-bit byte offset (the kernel's loff_t). Null if valid, else the problem.
     */
    public static String sectorRangeProblem(long sector, long bytes) {
        if (sector < 0 || bytes < 0 || sector > (Long.MAX_VALUE - bytes) / 512) {
            return "sector " + Long.toUnsignedString(sector) + " + " + Long.toUnsignedString(bytes)
                    + " bytes ends past 2^63 bytes; expected a sector below " + (Long.MAX_VALUE / 512 + 1);
        }
        return null;
    }

    /** What every format accepts as a file range: offset + bytes within a signed 64-bit byte offset. */
    public static String fileRangeProblem(long offset, long bytes) {
        if (offset < 0 || bytes < 0 || offset > Long.MAX_VALUE - bytes) {
            return "offset " + Long.toUnsignedString(offset) + " + length " + Long.toUnsignedString(bytes)
                    + " ends past 2^63 - 1 bytes";
        }
        return null;
    }

    /** Device number in blktrace's encoding. */
    public static int device(int major, int minor) {
        return major << 20 | minor;
    }

    public static int major(int device) {
        return device >>> 20;
    }

    public static int minor(int device) {
        return device & 0xfffff;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(timeNs).append("ns ").append(kind.letter()).append(' ').append(op).append(" pid ").append(pid);
        if (isFileLevel()) {
            b.append(" file ").append(file).append(" @").append(offset);
        } else {
            b.append(" dev ").append(major(device)).append(',').append(minor(device)).append(" sector ").append(sector);
        }
        b.append(" bytes ").append(bytes);
        if (flags != 0) {
            b.append(" flags 0x").append(Integer.toHexString(flags));
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IoRecord)) {
            return false;
        }
        IoRecord r = (IoRecord) o;
        return timeNs == r.timeNs && kind == r.kind && op == r.op && pid == r.pid && cpu == r.cpu
                && device == r.device && sector == r.sector && file == r.file && offset == r.offset
                && bytes == r.bytes && flags == r.flags && error == r.error;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timeNs * 31 + sector * 17 + offset) ^ (pid * 131 + kind.ordinal());
    }
}
