package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TimeMergeHeap;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a blktrace binary trace: one file, or all per-CPU files of a trace name merged by time with a
 * small heap (ties go to the lower CPU file, so the order is stable). Times are relative to the earliest
 * first event of all files, as blkparse prints them (its genesis time).
 */
public final class BlktraceReader implements TraceReader {
    private final BlktraceStream[] streams;
    private final PidNames names = new PidNames();
    /** Stream indexes ordered by (current event time, index). */
    private final TimeMergeHeap heap;
    private final long genesis;
    /** The stream whose event was handed out last, advanced at the next call; -1 if none. */
    private int pending = -1;

    /**
     * Opens {@code path}: the file itself if it exists, else {@code path.blktrace.0}, {@code .1}, ...
     * Empty per-CPU files are skipped (a CPU that saw no I/O); a single empty file is an error.
     */
    public BlktraceReader(Path path, ReadOptions options) throws IOException {
        this(path, options, BlktraceStream.WINDOW_BYTES);
    }

    /** As above, mapping at most {@code windowBytes} of a file at once (tests: records across windows). */
    BlktraceReader(Path path, ReadOptions options, int windowBytes) throws IOException {
        List<Path> files = BlktraceFiles.resolve(path);
        boolean perCpu = !files.get(0).equals(path);
        List<BlktraceStream> opened = new ArrayList<>();
        try {
            for (Path f : files) {
                if (perCpu && Files.size(f) == 0) {
                    continue;
                }
                opened.add(new BlktraceStream(f, options, names, windowBytes));
            }
            if (opened.isEmpty()) {
                throw TraceFormatException.atByte(files.get(0), 0, "all " + files.size()
                        + " per-CPU file(s) are empty; expected blktrace records");
            }
            streams = opened.toArray(new BlktraceStream[0]);
            heap = new TimeMergeHeap(streams.length);
            long first = Long.MAX_VALUE;
            for (int i = 0; i < streams.length; i++) {
                if (streams[i].advance()) {
                    first = Math.min(first, streams[i].time);
                    heap.add(i, streams[i].time);
                }
            }
            genesis = heap.isEmpty() ? 0 : first;
            heap.heapify();
        } catch (IOException | RuntimeException e) {
            for (BlktraceStream s : opened) {
                s.close();
            }
            throw e;
        }
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        if (pending >= 0) {
            if (streams[pending].advance()) {
                heap.updateTop(streams[pending].time);
            } else {
                heap.removeTop();
            }
            pending = -1;
        }
        if (heap.isEmpty()) {
            return false;
        }
        int i = heap.top();
        BlktraceStream s = streams[i];
        into.timeNs = s.time - genesis;
        into.kind = s.kind;
        BlkIoTrace.decode(s.categories, s.bytes, into);
        into.pid = s.pid;
        into.cpu = s.cpu;
        into.device = s.device;
        into.sector = s.sector;
        into.file = IoRecord.NO_FILE;
        into.offset = 0;
        into.bytes = s.bytes;
        into.error = s.error;
        pending = i;
        return true;
    }

    @Override
    public long skipped() {
        long n = 0;
        for (BlktraceStream s : streams) {
            n += s.malformed().skipped();
        }
        return n;
    }

    @Override
    public String skippedSummary() {
        for (BlktraceStream s : streams) {
            if (s.malformed().skipped() > 0) {
                long total = skipped();
                String first = s.malformed().summary();
                return total == s.malformed().skipped() ? first : first + " (" + total + " in all files)";
            }
        }
        return null;
    }

    /** Notify (process, timestamp, message), passthrough and driver-data records passed over. */
    @Override
    public long ignored() {
        long n = 0;
        for (BlktraceStream s : streams) {
            n += s.ignored();
        }
        return n;
    }

    /** The first event's time on the tracing clock. */
    @Override
    public long originNs() {
        return genesis;
    }

    /** The command name of {@code pid} from the trace's PROCESS notify records, or null. */
    @Override
    public String processName(int pid) {
        return names.get(pid);
    }

    @Override
    public boolean namesProcesses() {
        return true;
    }

    /** Only if a file is compressed or a pipe: a mapped file's records decode faster than they hand over. */
    @Override
    public boolean worthReadingAhead() {
        for (BlktraceStream s : streams) {
            if (!s.mapped()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (BlktraceStream s : streams) {
            try {
                s.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
