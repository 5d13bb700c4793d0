package io.wbreplay.traces.blktrace;

import static io.wbreplay.traces.blktrace.BlkIoTrace.*;

import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes blktrace binary per-CPU files {@code NAME.blktrace.CPU} (little-endian, version 7) that the real
 * blkparse, btt and iowatcher read. Each record goes to the file of its CPU with that CPU's next sequence
 * number (from 1, as the kernel numbers them); the first time a pid appears, a PROCESS notify record
 * naming it precedes its event (name from {@link #processName}, default {@value #DEFAULT_PROCESS_NAME}).
 * Times must not go backwards within one CPU. blkparse shows times relative to the earliest event.
 *
 * <p>Writable kinds are those whose record carries everything blkparse prints: Q, M, F, G, S, R, D, C,
 * P, I, B and K. UNPLUG, SPLIT and REMAP need a payload (depth, split sector, original device and
 * sector) that {@link IoRecord} does not hold: {@link #write(IoRecord)} leaves them out and counts them
 * in {@link #omitted()} (btt's seek tables need only Q and D), the field-by-field write refuses them.
 *
 * <p>Files appear atomically on {@link #close()}; CPUs below the highest one used get empty files so
 * blkparse finds them all, and stale higher-numbered files of an earlier trace of that name are removed.
 */
public final class BlktraceWriter implements TraceWriter {
    public static final String DEFAULT_PROCESS_NAME = "wbreplay";
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path name;
    private final PidNames names = new PidNames();
    private final PidNames announced = new PidNames();
    private CpuFile[] cpus = new CpuFile[0];
    private boolean closed;
    private long omitted;

    // little-endian stores into a byte[]: compiled to plain moves, cheaper per field than a ByteBuffer's puts
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /** One CPU's output: its file, buffer, sequence counter and last time. */
    private static final class CpuFile {
        final AtomicOutput out;
        final byte[] buf = new byte[BUFFER_BYTES];
        int pos;
        int sequence;
        long lastTime = Long.MIN_VALUE;

        CpuFile(AtomicOutput out) {
            this.out = out;
        }

        void flush() throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
        }

        /** Makes room for {@code bytes} more (flushing the buffer if need be); returns where they go. */
        int room(int bytes) throws IOException {
            if (BUFFER_BYTES - pos < bytes) {
                flush();
            }
            int at = pos;
            pos += bytes;
            return at;
        }
    }

    /** Starts a trace named {@code name} (a trailing {@code .blktrace.N} is dropped, as blkparse does). */
    public BlktraceWriter(Path name) {
        this.name = BlktraceFiles.baseName(name);
    }

    /** The trace name: blkparse reads it with {@code blkparse -i NAME}. */
    /** Removes the trace {@code name} (every {@code NAME.blktrace.N}), e.g. a log a rerun no longer writes. */
    public static void delete(Path name) throws IOException {
        for (Path f : BlktraceFiles.perCpuFiles(name)) {
            Files.deleteIfExists(f);
        }
    }

    public Path name() {
        return name;
    }

    @Override
    public void processName(int pid, String command) {
        names.put(pid, command);
    }

    @Override
    public void write(IoRecord r) throws IOException {
        if (r.isFileLevel()) {
            throw new IllegalArgumentException("blktrace holds block I/O on device sectors, not file-level records such as: " + r);
        }
        if (!writable(r.kind)) {
            omitted++;
            return;
        }
        write(r.timeNs, r.kind, r.op, r.flags, r.pid, r.cpu, r.device, r.sector, r.bytes, r.error);
    }

    /** Records left out by {@link #write(IoRecord)}: events blktrace cannot hold without their payload. */
    @Override
    public long omitted() {
        return omitted;
    }

    /**
     * Writes one event from its fields, without an {@link IoRecord}.
     *
     * @param timeNs nanoseconds, not before the previous event of the same CPU
     * @param kind the block-layer stage (Q, M, F, G, S, R, D, C, P, I, B or K)
     * @param op READ, WRITE, DISCARD or FLUSH
     * @param flags {@link IoRecord#SYNC}, {@link IoRecord#META}, {@link IoRecord#FUA},
     *     {@link IoRecord#PREFLUSH}, {@link IoRecord#READAHEAD}
     * @param device {@code major << 20 | minor}
     * @param bytes the length, at most 4 GiB - 1
     * @param error the completion error (C events), stored as u16
     */
    public void write(long timeNs, EventKind kind, Operation op, int flags, int pid, int cpu, int device,
            long sector, long bytes, int error) throws IOException {
        if (!writable(kind)) {
            throw new IllegalArgumentException("cannot write a " + kind + " event to blktrace: "
                    + "expected one of Q, M, F, G, S, R, D, C, P, I, B, K");
        }
        int code = actionCode(kind);
        if (bytes < 0 || bytes > 0xffffffffL) {
            throw new IllegalArgumentException("blktrace stores bytes as u32; got " + bytes);
        }
        if (timeNs < 0) {
            throw new IllegalArgumentException("time must not be negative; got " + timeNs);
        }
        int action = code | (kindCategories(kind) | encode(op, flags)) << CATEGORY_SHIFT;
        CpuFile f = cpuFile(cpu);
        if (timeNs < f.lastTime) {
            throw new IllegalArgumentException("time went backwards on CPU " + cpu + ": " + timeNs + " ns after " + f.lastTime + " ns");
        }
        f.lastTime = timeNs;
        if (!announced.contains(pid)) {
            String command = names.get(pid);
            announceProcess(f, timeNs, pid, cpu, device, command == null ? DEFAULT_PROCESS_NAME : command);
        }
        header(f.buf, f.room(HEADER_BYTES), ++f.sequence, timeNs, sector, (int) bytes, action, pid, device, cpu, error, 0);
    }

    private static boolean writable(EventKind kind) {
        switch (kind) {
            case UNPLUG:
            case UNPLUG_TIMER:
            case SPLIT:
            case REMAP:
            case DRV_DATA:
            case MESSAGE:
            case FILE_OP:
                return false;
            default:
                return true;
        }
    }

    /** A PROCESS notify: sequence 0, the command NUL-padded to TASK_COMM_LEN, as trace_note_tsk() writes it. */
    private void announceProcess(CpuFile f, long timeNs, int pid, int cpu, int device, String command) throws IOException {
        byte[] comm = command.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(comm.length, COMM_BYTES - 1);
        int at = f.room(HEADER_BYTES + COMM_BYTES);
        header(f.buf, at, 0, timeNs, 0, 0, (TN_PROCESS | TC_NOTIFY << CATEGORY_SHIFT), pid, device, cpu, 0, COMM_BYTES);
        System.arraycopy(comm, 0, f.buf, at + HEADER_BYTES, n);
        Arrays.fill(f.buf, at + HEADER_BYTES + n, at + HEADER_BYTES + COMM_BYTES, (byte) 0);
        announced.put(pid, command);
    }

    /** struct blk_io_trace at {@code at} of {@code b}. */
    private static void header(byte[] b, int at, int sequence, long time, long sector, int bytes, int action, int pid,
            int device, int cpu, int error, int pduLen) {
        INT.set(b, at, MAGIC | VERSION);
        INT.set(b, at + 4, sequence);
        LONG.set(b, at + 8, time);
        LONG.set(b, at + 16, sector);
        INT.set(b, at + 24, bytes);
        INT.set(b, at + 28, action);
        INT.set(b, at + 32, pid);
        INT.set(b, at + 36, device);
        INT.set(b, at + 40, cpu);
        SHORT.set(b, at + 44, (short) error);
        SHORT.set(b, at + 46, (short) pduLen);
    }

    private CpuFile cpuFile(int cpu) throws IOException {
        if (closed) {
            throw new IOException("the blktrace writer for " + name + " is closed");
        }
        if (cpu < 0) {
            throw new IllegalArgumentException("CPU must not be negative; got " + cpu);
        }
        if (cpu >= cpus.length) {
            cpus = Arrays.copyOf(cpus, Math.max(cpu + 1, cpus.length * 2));
        }
        CpuFile f = cpus[cpu];
        if (f == null) {
            f = new CpuFile(AtomicOutput.create(BlktraceFiles.cpuFile(name, cpu)));
            cpus[cpu] = f;
        }
        return f;
    }

    /** Publishes every CPU file (at least {@code NAME.blktrace.0}). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        int used = 0;
        for (int cpu = 0; cpu < cpus.length; cpu++) {
            if (cpus[cpu] != null) {
                used = cpu + 1;
            }
        }
        try {
            for (int cpu = 0; cpu < Math.max(used, 1); cpu++) {
                cpuFile(cpu).flush();
            }
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
        closed = true;
        IOException failure = null;
        for (int cpu = 0; cpu < cpus.length; cpu++) {
            if (cpus[cpu] != null) {
                try {
                    cpus[cpu].out.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        // stale files of an earlier, wider trace of this name would be merged into this one
        List<Path> files = BlktraceFiles.perCpuFiles(name);
        for (Path stale : files.subList(Math.min(files.size(), Math.max(used, 1)), files.size())) {
            Files.deleteIfExists(stale);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Drops everything written: no file is created or replaced. */
    public void abandon() {
        closed = true;
        for (CpuFile f : cpus) {
            if (f != null) {
                f.out.abandon();
            }
        }
    }
}
