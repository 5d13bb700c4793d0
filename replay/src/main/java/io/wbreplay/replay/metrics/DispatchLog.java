package io.wbreplay.replay.metrics;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.DispatchListener;
import io.wbreplay.replay.block.Request;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.blktrace.BlktraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.function.IntFunction;

/**
 * The simulated device's block trace: the Q, M, F, G, S, I, D and C events of the run's request queue
 * (those {@link DispatchEvents} chooses), written as blktrace binary ({@code NAME.blktrace.0}) so that {@code blkparse}, {@code btt} and
 * {@code iowatcher} read it as they read a trace of a real disk.
 *
 * <p>blktrace has no field for who asked for an I/O, so the origin goes in the pid: I/O submitted
 * by the flusher or by reclaim carries the pid of its origin ({@link #originPid}), named after it
 * ({@code flusher-kupdate}, {@code reclaim}, ...) in the process notes blkparse prints; a writer's own
 * I/O and reads keep the trace stream's pid. The origin pids lie above Linux's PID_MAX_LIMIT (2^22),
 * so they never collide with a traced pid.
 */
public final class DispatchLog implements DispatchListener, AutoCloseable {
    private static final int ORIGIN_PID_BASE = 1 << 22;

    private final BlktraceWriter out;
    private final int device;
    private final DispatchEvents events;
    private final BitSet named = new BitSet();
    private IntFunction<String> streamNames = pid -> null;

    /**
     * Starts the log {@code name} (blkparse's NAME) of the device numbered {@code device}
     * (major << 20 | minor), keeping the events {@code events} chooses.
     */
    public DispatchLog(Path name, int device, DispatchEvents events) {
        this.out = new BlktraceWriter(name);
        this.device = device;
        this.events = events;
        for (IoOrigin o : IoOrigin.values()) {
            if (originPid(o, 0) != 0) {
                out.processName(originPid(o, 0), o.label());
            }
        }
    }

    /** The pid the log gives an I/O of {@code origin} submitted by {@code taskPid}. */
    public static int originPid(IoOrigin origin, int taskPid) {
        return origin == IoOrigin.WRITER || origin == IoOrigin.READ ? taskPid : ORIGIN_PID_BASE + origin.ordinal();
    }

    /** The origin of a logged I/O from its pid ({@link #originPid}'s inverse): a trace pid is a writer's, or a read. */
    public static IoOrigin origin(int pid, boolean read) {
        int k = pid - ORIGIN_PID_BASE;
        if (k >= 0 && k < IoOrigin.values().length) {
            return IoOrigin.values()[k];
        }
        return read ? IoOrigin.READ : IoOrigin.WRITER;
    }

    /**
     * Where the names of the trace's pids come from (e.g. the trace reader's process notes, which it
     * learns as it reads); a pid without a name is called {@code pid-N}.
     */
    public void setStreamNames(IntFunction<String> names) {
        this.streamNames = names;
    }

    @Override
    public void onQueue(long nowNs, Bio bio) {
        write(nowNs, EventKind.QUEUE, bio);
    }

    @Override
    public void onMerge(long nowNs, Bio bio, Request rq, boolean front) {
        write(nowNs, front ? EventKind.FRONTMERGE : EventKind.BACKMERGE, bio);
    }

    @Override
    public void onGetRequest(long nowNs, Bio bio, Request rq) {
        write(nowNs, EventKind.GETRQ, bio);
    }

    @Override
    public void onSleep(long nowNs, Bio bio) {
        write(nowNs, EventKind.SLEEPRQ, bio);
    }

    @Override
    public void onInsert(long nowNs, Request rq) {
        write(nowNs, EventKind.INSERT, rq);
    }

    @Override
    public void onDispatch(long nowNs, Request rq) {
        write(nowNs, EventKind.ISSUE, rq);
    }

    @Override
    public void onComplete(long nowNs, Request rq) {
        write(nowNs, EventKind.COMPLETE, rq);
    }

    private void write(long nowNs, EventKind kind, Bio bio) {
        if (!events.keeps(kind)) {
            return;
        }
        int pid = originPid(bio.origin, bio.submitter == null ? 0 : bio.submitter.pid());
        write(nowNs, kind, bio.op, bio.flags, pid, bio.sector, bio.bytes);
    }

    private void write(long nowNs, EventKind kind, Request rq) {
        if (!events.keeps(kind)) {
            return;
        }
        write(nowNs, kind, rq.op(), rq.flags(), originPid(rq.origin(), rq.pid()), rq.sector(), rq.bytes());
    }

    private void write(long nowNs, EventKind kind, Operation op, int flags, int pid, long sector, long bytes) {
        if (!events.keeps(kind)) {
            return;
        }
        if (pid >= 0 && pid < ORIGIN_PID_BASE && !named.get(pid)) {
            named.set(pid);
            String name = streamNames.apply(pid);
            out.processName(pid, name == null ? "pid-" + pid : name);
        }
        try {
            out.write(nowNs, kind, op, flags, pid, 0, device, sector, bytes, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the file (atomically). */
    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Drops the partial log: the run failed. */
    public void abandon() {
        out.abandon();
    }
}
