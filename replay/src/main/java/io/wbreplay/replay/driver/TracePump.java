package io.wbreplay.replay.driver;

import io.wbreplay.replay.sim.Event;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Reads the trace once, lazily, handing each replayable record to its stream's {@link StreamQueue}:
 * in open loop at the record's time, in closed loop as soon as the stream has room. When a stream's
 * queue is full the pump waits for that stream, so memory stays bounded by the lookahead. With an
 * arrival jitter each record arrives up to that much after its recorded time (drawn from the seed; a
 * replaying process is never early), in trace order still.
 */
final class TracePump implements Event {
    /** Creates the stream for a pid seen for the first time. */
    interface StreamFactory {
        StreamTask create(int pid, long firstRecordNs);
    }

    private final EventLoop loop;
    private final TraceReader reader;
    private final boolean closedLoop;
    private final boolean sectorIssueOnly;
    private final StreamFactory factory;
    private final IoRecord next = new IoRecord();
    private boolean haveNext;
    private boolean eof;
    private boolean scheduled;
    private long records;
    /** Records read from the trace, replayable or not: the number of the current one. */
    private long read;
    private final long maxFileBytes;
    private StreamTask blockedOn;
    private int[] pidKeys = new int[64];
    private StreamTask[] pidStreams = new StreamTask[64];
    private int nStreams;
    private final long arrivalJitterNs;
    private final SplittableRandom jitter;
    private final PrefetchRecords prefetch;

    /**
     * @param sectorIssueOnly the trace has no Q events: replay its D (ISSUE) events instead
     * @param maxFileBytes the largest file offset the model's layout holds; a record past it is an error
     * @param prefetch reads ahead of the records the pump hands over
     */
    TracePump(EventLoop loop, TraceReader reader, boolean closedLoop, boolean sectorIssueOnly, StreamFactory factory,
              long arrivalJitterNs, long seed, long maxFileBytes, PrefetchRecords prefetch) {
        this.prefetch = prefetch;
        this.arrivalJitterNs = arrivalJitterNs;
        this.jitter = arrivalJitterNs > 0 ? new SplittableRandom(seed ^ 0x417272697661ffL) : null;
        this.maxFileBytes = maxFileBytes;
        this.loop = loop;
        this.reader = reader;
        this.closedLoop = closedLoop;
        this.sectorIssueOnly = sectorIssueOnly;
        this.factory = factory;
        Arrays.fill(pidKeys, Integer.MIN_VALUE);
    }

    boolean eof() {
        return eof;
    }

    /**
     * True while the trace itself is idle: the next record is due later than {@code nowNs} (open loop).
     * Simulated time then passes without a stuck model.
     */
    boolean waitingForTrace(long nowNs) {
        return haveNext && scheduled && next.timeNs > nowNs;
    }

    /** Records handed to streams. */
    long records() {
        return records;
    }

    /** True for records the replay acts on: file operations, and Q (or, without Q, D) block events. */
    private boolean replayable(IoRecord r) {
        if (r.isFileLevel()) {
            return true;
        }
        return r.kind == (sectorIssueOnly ? EventKind.ISSUE : EventKind.QUEUE);
    }

    private boolean readNext() {
        try {
            while (reader.next(next)) {
                if (read++ % PrefetchRecords.BATCH == 0) {
                    prefetch.ahead(reader);
                }
                if (next.isFileLevel() && next.offset + next.bytes > maxFileBytes) {
                    throw new IOException("record " + read + " (" + next + "): its file range ends past "
                            + maxFileBytes + " bytes, the largest file the model lays out (2^24 extents of"
                            + " --extent-size)");
                }
                if (replayable(next)) {
                    if (jitter != null) {
                        next.timeNs += jitter.nextLong(arrivalJitterNs + 1);
                    }
                    return true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    /** Asks the pump to run now (a stream made room or wants records). */
    void poke(StreamTask from) {
        if (blockedOn != null && blockedOn != from) {
            return;
        }
        blockedOn = null;
        if (!scheduled) {
            scheduled = true;
            loop.at(loop.now(), this);
        }
    }

    @Override
    public void fire(long nowNs) {
        scheduled = false;
        while (!eof) {
            if (!haveNext) {
                haveNext = readNext();
                if (!haveNext) {
                    eof = true;
                    for (int i = 0; i < pidStreams.length; i++) {
                        if (pidStreams[i] != null) {
                            pidStreams[i].recordsAvailable();
                        }
                    }
                    return;
                }
            }
            if (!closedLoop && next.timeNs > nowNs) {
                scheduled = true;
                loop.at(next.timeNs, this);
                return;
            }
            StreamTask s = stream(next.pid, next.timeNs);
            if (s.queue.isFull()) {
                blockedOn = s;
                return;
            }
            s.queue.add(next);
            records++;
            haveNext = false;
            s.recordsAvailable();
        }
    }

    private StreamTask stream(int pid, long timeNs) {
        int mask = pidKeys.length - 1;
        int i = (pid * 0x9E3779B1) & mask;
        while (pidKeys[i] != Integer.MIN_VALUE) {
            if (pidKeys[i] == pid) {
                return pidStreams[i];
            }
            i = (i + 1) & mask;
        }
        if (nStreams * 2 >= pidKeys.length) {
            grow();
            return stream(pid, timeNs);
        }
        StreamTask s = factory.create(pid, timeNs);
        pidKeys[i] = pid;
        pidStreams[i] = s;
        nStreams++;
        return s;
    }

    private void grow() {
        int[] keys = pidKeys;
        StreamTask[] vals = pidStreams;
        pidKeys = new int[keys.length * 2];
        pidStreams = new StreamTask[keys.length * 2];
        Arrays.fill(pidKeys, Integer.MIN_VALUE);
        int mask = pidKeys.length - 1;
        for (int j = 0; j < keys.length; j++) {
            if (keys[j] != Integer.MIN_VALUE) {
                int i = (keys[j] * 0x9E3779B1) & mask;
                while (pidKeys[i] != Integer.MIN_VALUE) {
                    i = (i + 1) & mask;
                }
                pidKeys[i] = keys[j];
                pidStreams[i] = vals[j];
            }
        }
    }
}
