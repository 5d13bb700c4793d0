package io.wbreplay.traces.blktrace;

import static io.wbreplay.traces.blktrace.BlkIoTrace.*;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.MalformedRecords;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceInput;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One blktrace file (one CPU's, or a {@code blkparse -d} dump) decoded record by record into primitive
 * fields. A plain file is mapped into memory, in windows of up to {@value #WINDOW_BYTES} bytes: the
 * records are decoded where the page cache holds them (reading into a heap buffer copied every byte
 * twice: from the page cache to a direct buffer, then to the heap). A compressed file or a pipe is read
 * through one large reused buffer. Notify records are consumed here (process names into the
 * shared {@link PidNames}); passthrough (PC), driver-data, timestamp and message records are counted as
 * ignored; {@link #advance()} stops only at block I/O events.
 *
 * <p>Malformed input: a bad magic in the middle of the file is a malformed record; in lenient mode the
 * stream scans forward to the next valid magic and goes on. A truncated last record, or a payload
 * running past the end of the file, cannot be recovered: lenient mode counts it and ends the stream.
 * An empty file, an unknown first magic and a version other than 7 always fail.
 */
final class BlktraceStream implements Closeable {
    private static final int BUFFER_BYTES = 1 << 20;
    /** The most of a plain file mapped at once (a mapping holds at most 2 GiB). */
    static final int WINDOW_BYTES = 1 << 30;
    /**
     * The largest payload taken as such: the kernel writes at most a 128-byte message or a 16-byte
     * process name (each with an 8-byte cgroup id), a passthrough request at most a 260-byte command.
     */
    static final int MAX_PDU_BYTES = 512;

    // Fields are read through little-endian views of the buffer (mapped or heap alike), plain loads once
    // compiled; a big-endian file swaps the bytes.
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final ReadableByteChannel channel;
    /** The plain file's channel, which {@code buf} maps windows of; null when reading through {@code channel}. */
    private final FileChannel mapped;
    /** The most of {@code mapped} mapped at once: {@link #WINDOW_BYTES}, less in tests. */
    private final int windowBytes;
    /** The current window of the file: mapped, or a heap buffer {@code channel} fills. */
    private ByteBuffer buf;
    /** The file is big-endian. */
    private final boolean swap;
    private final MalformedRecords malformed;
    private final PidNames names;
    private final int magicWord;
    /** File offset of {@code buf}'s index 0. */
    private long bufferOffset;
    private boolean eof;
    private long ignored;
    /** The time of the file's first event, -1 before it. */
    private long firstTime = -1;

    // The current event, valid after advance() returned true.
    long time;
    long sector;
    long bytes;
    int categories;
    EventKind kind;
    int pid;
    int device;
    int cpu;
    int error;
    int sequence;

    /**
     * Opens {@code file}, detects its byte order from the first magic and checks the version.
     *
     * @throws TraceFormatException if the file is empty, does not start with a blktrace magic in either
     *     byte order, or is not version 7
     */
    BlktraceStream(Path file, ReadOptions options, PidNames names, int windowBytes) throws IOException {
        this.file = file;
        this.windowBytes = windowBytes;
        this.names = names;
        this.malformed = new MalformedRecords(file, options);
        this.channel = TraceInput.openChannel(file);
        // a plain file's channel (TraceInput opens nothing else as a FileChannel); a file cut short while
        // mapped fails with an InternalError, as any mapped file does
        this.mapped = channel instanceof FileChannel f && Files.isRegularFile(file) ? f : null;
        try {
            buf = mapped != null ? ByteBuffer.allocate(0) : ByteBuffer.allocate(BUFFER_BYTES).limit(0);
            fill();
            if (buf.remaining() == 0) {
                throw TraceFormatException.atByte(file, 0, "the file is empty; expected blktrace records (48-byte struct blk_io_trace)");
            }
            if (buf.remaining() < 4) {
                throw TraceFormatException.atByte(file, 0, "truncated record: expected a 48-byte blktrace header, found only " + buf.remaining() + " byte(s)");
            }
            int little = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            if ((little & 0xffffff00) != MAGIC) {
                buf.order(ByteOrder.BIG_ENDIAN);
                if ((buf.getInt(0) & 0xffffff00) != MAGIC) {
                    throw TraceFormatException.atByte(file, 0, String.format(
                            "bad magic 0x%08x; expected a blktrace record (magic 0x%08x in either byte order)", little, MAGIC | VERSION));
                }
            }
            swap = buf.order() == ByteOrder.BIG_ENDIAN;
            int version = buf.getInt(0) & 0xff;
            checkVersion(version, 0);
            magicWord = MAGIC | VERSION;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void checkVersion(int version, long offset) throws TraceFormatException {
        if (version == VERSION_2) {
            throw TraceFormatException.atByte(file, offset,
                    "blktrace version 8 (struct blk_io_trace2) is not supported; expected version 7 (struct blk_io_trace)");
        }
        if (version != VERSION) {
            throw TraceFormatException.atByte(file, offset, "unsupported blktrace version " + version + "; expected version 7");
        }
    }

    /** True if the file is read where it is mapped, not through a buffer. */
    boolean mapped() {
        return mapped != null;
    }

    /** The byte order the file was recorded in. */
    ByteOrder order() {
        return buf.order();
    }

    /** Notify, passthrough, driver-data and message records passed over so far. */
    long ignored() {
        return ignored;
    }

    MalformedRecords malformed() {
        return malformed;
    }

    /**
     * Moves to the next block I/O event.
     *
     * @return false at the end of the file
     */
    boolean advance() throws IOException {
        while (true) {
            if (buf.remaining() < HEADER_BYTES) {
                fill();
                int left = buf.remaining();
                if (left == 0) {
                    return false;
                }
                if (left < HEADER_BYTES) {
                    malformed.atByte(offset(), "truncated record: expected a " + HEADER_BYTES
                            + "-byte blktrace header, found only " + left + " byte(s) before the end of the file");
                    buf.position(buf.limit());
                    return false;
                }
            }
            int p = buf.position();
            int magic = int32(p + OFF_MAGIC);
            if (magic != magicWord) {
                if ((magic & 0xffffff00) == MAGIC) {
                    checkVersion(magic & 0xff, offset());
                }
                malformed.atByte(offset(), String.format("bad magic 0x%08x; expected 0x%08x (blktrace version 7)", magic, magicWord));
                if (!resync()) {
                    return false;
                }
                continue;
            }
            int pduLen = uint16(p + OFF_PDU_LEN);
            if (pduLen > MAX_PDU_BYTES) {
                // trusting it would pass over the records it covers as if they were one
                malformed.atByte(offset(), "payload length " + pduLen + " is over " + MAX_PDU_BYTES
                        + " bytes; expected a blktrace payload (a process name, a message or a command)");
                if (!resync()) {
                    return false;
                }
                continue;
            }
            int length = HEADER_BYTES + pduLen;
            if (buf.remaining() < length) {
                fill();
                p = buf.position();
                if (buf.remaining() < length) {
                    malformed.atByte(offset(), "truncated record: its header declares a " + pduLen
                            + "-byte payload (" + length + " bytes in all) but only " + buf.remaining()
                            + " byte(s) remain in the file");
                    buf.position(buf.limit());
                    return false;
                }
            }
            int action = int32(p + OFF_ACTION);
            int cats = action >>> CATEGORY_SHIFT;
            int code = action & ACTION_MASK;
            if ((cats & TC_NOTIFY) != 0) {
                notify(p, code, action, pduLen);
                buf.position(p + length);
                continue;
            }
            if ((cats & TC_PC) != 0 || code == TA_DRV_DATA) {
                ignored++;
                buf.position(p + length);
                continue;
            }
            EventKind k = kind(code);
            if (k == null) {
                long at = offset();
                buf.position(p + length);
                malformed.atByte(at, "unknown blktrace action code " + code + " (action 0x" + Integer.toHexString(action)
                        + "); expected 1 to 17");
                continue;
            }
            kind = k;
            categories = cats;
            sequence = int32(p + OFF_SEQUENCE);
            long t = int64(p + OFF_TIME);
            long s = int64(p + OFF_SECTOR);
            long b = int32(p + OFF_BYTES) & 0xffffffffL;
            // u64 fields: 2^63 and more read as negative longs
            int pidValue = int32(p + OFF_PID);
            int cpuValue = int32(p + OFF_CPU);
            String problem = pidValue < 0 || cpuValue < 0 ? "pid " + Integer.toUnsignedString(pidValue) + " or cpu "
                    + Integer.toUnsignedString(cpuValue) + " is 2^31 or more; expected a pid and a cpu below 2^31"
                    : t < 0 ? "time " + Long.toUnsignedString(t) + " ns is 2^63 or more; expected a time below 2^63 ns"
                    : t < firstTime ? "time " + t + " ns is before the file's first event (" + firstTime + " ns); expected times in order"
                    : IoRecord.sectorRangeProblem(s, b);
            if (problem != null) {
                long at = offset();
                buf.position(p + length);
                malformed.atByte(at, problem);
                continue;
            }
            if (firstTime < 0) {
                firstTime = t;
            }
            time = t;
            sector = s;
            bytes = b;
            pid = pidValue;
            device = int32(p + OFF_DEVICE);
            cpu = cpuValue;
            error = uint16(p + OFF_ERROR);
            buf.position(p + length);
            return true;
        }
    }

    /** A notify record: a PROCESS note names its pid; TIMESTAMP and MESSAGE notes are not I/O. */
    private void notify(int p, int code, int action, int pduLen) {
        ignored++;
        if (code != TN_PROCESS) {
            return;
        }
        int skip = (action & CGROUP) != 0 ? CGROUP_ID_BYTES : 0;
        int start = p + HEADER_BYTES + skip;
        int end = start;
        int limit = p + HEADER_BYTES + pduLen;
        while (end < limit && buf.get(end) != 0) {
            end++;
        }
        int pidValue = int32(p + OFF_PID);
        if (end > start && !names.contains(pidValue)) {
            byte[] name = new byte[end - start];
            buf.get(start, name);
            names.putIfAbsent(pidValue, new String(name, StandardCharsets.UTF_8));
        }
    }

    private int int32(int at) {
        int v = (int) INT.get(buf, at);
        return swap ? Integer.reverseBytes(v) : v;
    }

    private long int64(int at) {
        long v = (long) LONG.get(buf, at);
        return swap ? Long.reverseBytes(v) : v;
    }

    private int uint16(int at) {
        short v = (short) SHORT.get(buf, at);
        return (swap ? Short.reverseBytes(v) : v) & 0xffff;
    }

    /** Lenient recovery after a bad magic: scans forward for the next valid magic. */
    private boolean resync() throws IOException {
        byte[] pattern = new byte[4];
        ByteBuffer.wrap(pattern).order(buf.order()).putInt(magicWord);
        buf.position(buf.position() + 1);
        while (true) {
            int last = buf.limit() - 4;
            for (int i = buf.position(); i <= last; i++) {
                if (buf.get(i) == pattern[0] && buf.get(i + 1) == pattern[1] && buf.get(i + 2) == pattern[2]
                        && buf.get(i + 3) == pattern[3]) {
                    buf.position(i);
                    return true;
                }
            }
            buf.position(Math.max(buf.position(), last + 1));
            if (eof) {
                buf.position(buf.limit());
                return false;
            }
            fill();
        }
    }

    /** Byte offset in the file of the current buffer position. */
    private long offset() {
        return bufferOffset + buf.position();
    }

    /**
     * Moves the unread bytes to the front of the buffer and reads more, until full or at the end; for a
     * plain file, maps the next window from the first unread byte on.
     */
    private void fill() throws IOException {
        if (eof) {
            return;
        }
        bufferOffset += buf.position();
        if (mapped != null) {
            long size = mapped.size();
            long length = Math.min(windowBytes, size - bufferOffset);
            ByteOrder order = buf.order();
            buf = mapped.map(FileChannel.MapMode.READ_ONLY, bufferOffset, length).order(order);
            eof = bufferOffset + length == size;
            return;
        }
        buf.compact();
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                eof = true;
                break;
            }
        }
        buf.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
