package io.wbreplay.replay.driver;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.block.BlkThrottle;
import io.wbreplay.replay.block.Elevators;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.block.RequestQueue;
import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.metrics.DispatchEvents;
import io.wbreplay.replay.metrics.DispatchLog;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.CountingReader;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceInput;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.PrefetchingReader;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.blktrace.BlktraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One replay as a user asks for it: a trace file, a machine ({@link CoreConfig}), a device model and
 * I/O scheduler, written to a run directory: {@code summary.json}, {@code histograms.hlog},
 * {@code timeseries.csv} and the simulated device's block trace {@code dispatch.blktrace.0} (with the
 * events {@link ReplayOptions#dispatchLog} chooses; none, no file).
 *
 * @param trace the trace file (blktrace: NAME of NAME.blktrace.N)
 * @param format its format name, or null to detect it
 * @param lenient skip and count malformed records instead of stopping at the first
 * @param device the device model ({@link Devices#NAMES})
 * @param elevator the I/O scheduler ({@link Elevators#NAMES})
 */
public record ReplayRun(Path trace, String format, boolean lenient, CoreConfig config, ReplayOptions options,
        String device, String elevator, QueueConfig queue) {

    /** blkparse's NAME of the dispatch log in a run directory. */
    public static final String DISPATCH_LOG = "dispatch";
    /** The simulated disk's device number in the dispatch log: 8,0 (sda). */
    public static final int DEVICE_NUMBER = 8 << 20;

    /** What a finished run reports besides its files. */
    public record Outcome(RunResult result, double wallSeconds, String skippedSummary) {
    }

    public ReplayRun {
        Devices.create(device); // fail before any work on an unknown name
        Elevators.create(elevator);
        config.validate();
        long frames = config.memoryBytes / Zone.PAGE_SIZE;
        long heap = Runtime.getRuntime().maxMemory();
        if (frames * Pages.BYTES_PER_FRAME > heap / 2) { // half: the rest of the model and the reader need room too
            throw new IllegalArgumentException(String.format("--memory %d MiB needs about %d MiB of Java heap for its page"
                    + " frames, more than half of this JVM's %d MiB: lower --memory or raise -Xmx",
                    config.memoryBytes >> 20, frames * Pages.BYTES_PER_FRAME >> 20, heap >> 20));
        }
        for (int i = 0; i < config.hog.steps(); i++) {
            if (config.hog.pinnedBytes(i) >= config.memoryBytes) {
                throw new IllegalArgumentException(String.format("the pinned schedule pins %d MiB at %.3f s, not less than"
                        + " --memory %d MiB: nothing would be left to replay in", config.hog.pinnedBytes(i) >> 20,
                        config.hog.timeNs(i) / 1e9, config.memoryBytes >> 20));
            }
        }
    }

    /** This run with another reclaim strategy (the rest shared, the configuration copied). */
    public ReplayRun withStrategy(String strategy) {
        CoreConfig c = config.copy();
        c.strategy = strategy;
        return new ReplayRun(trace, format, lenient, c, options, device, elevator, queue);
    }

    /** The configuration, with the extent gaps of a varied run when it asks for none (an aged filesystem). */
    private CoreConfig layoutVaried() {
        if (options.variation.extentGapPages() == 0 || config.maxGapPages > 0) {
            return config;
        }
        CoreConfig c = config.copy();
        c.maxGapPages = options.variation.extentGapPages();
        return c;
    }

    /**
     * Opens the trace and reads its first record, so that a missing, unreadable or malformed trace fails
     * before any work (a sweep checks every trace up front).
     */
    public void checkTrace() throws IOException {
        requireRereadable();
        TraceFormat f = format == null ? TraceFormats.detect(trace) : TraceFormats.byName(format);
        try (TraceReader in = TraceFormats.openAs(trace, f, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT)) {
            in.next(new IoRecord());
        }
    }

    /**
     * Replays the trace and writes the run directory {@code out} (created if missing; removed again if
     * the run fails and it is still empty).
     */
    public Outcome execute(Path out) throws IOException {
        return execute(out, new AtomicLong());
    }

    /**
     * {@link #execute(Path)}, adding the records read so far to {@code recordsRead} as it goes (progress);
     * the run directory is removed again if the run fails and it is still empty.
     */
    public Outcome execute(Path out, AtomicLong recordsRead) throws IOException {
        boolean existed = Files.exists(out);
        try {
            return replay(out, recordsRead);
        } catch (IOException | RuntimeException e) {
            if (!existed) {
                try {
                    Files.deleteIfExists(out); // only if empty: a directory with files is not deleted
                } catch (IOException notEmpty) {
                    // files of the failed run stay for a look
                }
            }
            throw e;
        }
    }

    /**
     * The trace parsed in a thread of its own while the replay runs, unless the dispatch log may ask it
     * for a process name during the replay, or, lenient, its count of skipped records may be asked
     * before its end (a replay stopped by a deadlock): only the reading thread may answer those. Nor
     * when the reader is faster than the handover ({@link TraceReader#worthReadingAhead}).
     */
    private TraceReader readAhead(TraceReader in) {
        return in.namesProcesses() || lenient || !in.worthReadingAhead() ? in : new PrefetchingReader(in);
    }

    private void requireRereadable() throws IOException {
        if (!TraceInput.isRereadable(trace)) {
            throw new IOException(trace + ": not a regular file (a pipe or device); replay reads its trace twice"
                    + " (a probe of its first records, then the replay): save it to a file first");
        }
    }

    private Outcome replay(Path out, AtomicLong recordsRead) throws IOException {
        requireRereadable();
        TraceFormat f = format == null ? TraceFormats.detect(trace) : TraceFormats.byName(format);
        ReadOptions readOptions = lenient ? ReadOptions.LENIENT : ReadOptions.STRICT;
        boolean issueOnly;
        try (TraceReader probe = TraceFormats.openAs(trace, f, readOptions)) {
            issueOnly = TraceProbe.issueOnly(probe, 10_000);
        }
        Files.createDirectories(out);
        long wallStart = System.nanoTime(); // wallSeconds is the one machine-dependent output
        if (options.dispatchLog == DispatchEvents.NONE) {
            BlktraceWriter.delete(out.resolve(DISPATCH_LOG)); // an earlier run's log would pass for this one's
        }
        DispatchLog log = options.dispatchLog == DispatchEvents.NONE ? null
                : new DispatchLog(out.resolve(DISPATCH_LOG), DEVICE_NUMBER, options.dispatchLog);
        Replayer replayer = new Replayer(layoutVaried(), options, (loop, sink) -> {
            RunVariation v = options.variation;
            RequestQueue q = new RequestQueue(loop, new DeviceQueue(Devices.create(device, config.seed, v.randomRotation(),
                    v.serviceJitter())), Elevators.create(elevator), queue);
            q.addListener(new SinkListener(sink, DEVICE_NUMBER));
            if (log != null) {
                q.addListener(log);
            }
            Devices.Throttle t = Devices.throttle(device);
            return t == null ? q : new BlkThrottle(loop, q, t);
        });
        RunResult result;
        String skipped;
        try (TraceReader in = readAhead(new CountingReader(TraceFormats.openAs(trace, f, readOptions), recordsRead))) {
            if (log != null) {
                log.setStreamNames(in::processName);
            }
            result = replayer.run(in, issueOnly);
            skipped = in.skippedSummary();
        } catch (IOException e) {
            if (log != null) {
                log.abandon();
            }
            throw e.getMessage() != null && e.getMessage().startsWith("record ") ? new IOException(trace + ": " + e.getMessage(), e) : e;
        } catch (RuntimeException e) {
            if (log != null) {
                log.abandon();
            }
            throw e;
        }
        if (log != null) {
            log.close();
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        RunFiles.write(out, result, config.strategy, config.throttle().label(), wall);
        return new Outcome(result, wall, skipped);
    }
}
