package io.wbreplay.replay.driver;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.block.Elevators;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.block.RequestQueue;
import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.metrics.DispatchLog;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One replay as a user asks for it: a trace file, a machine ({@link CoreConfig}), a device model and
 * I/O scheduler, written to a run directory: {@code summary.json}, {@code histograms.hlog},
 * {@code timeseries.csv} and the simulated device's block trace {@code dispatch.blktrace.0}.
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

    /** Replays the trace and writes the run directory {@code out} (created if missing). */
    public Outcome execute(Path out) throws IOException {
        TraceFormat f = format == null ? TraceFormats.detect(trace) : TraceFormats.byName(format);
        ReadOptions readOptions = lenient ? ReadOptions.LENIENT : ReadOptions.STRICT;
        boolean issueOnly;
        try (TraceReader probe = f.open(trace, readOptions)) {
            issueOnly = TraceProbe.issueOnly(probe, 10_000);
        }
        Files.createDirectories(out);
        long wallStart = System.nanoTime(); // wallSeconds is the one machine-dependent output
        DispatchLog log = new DispatchLog(out.resolve(DISPATCH_LOG), DEVICE_NUMBER);
        Replayer replayer = new Replayer(layoutVaried(), options, (loop, sink) -> {
            RunVariation v = options.variation;
            RequestQueue q = new RequestQueue(loop, new DeviceQueue(Devices.create(device, config.seed, v.randomRotation(),
                    v.serviceJitter())), Elevators.create(elevator), queue);
            q.addListener(new SinkListener(sink, DEVICE_NUMBER));
            q.addListener(log);
            return q;
        });
        RunResult result;
        String skipped;
        try (TraceReader in = f.open(trace, readOptions)) {
            log.setStreamNames(in::processName);
            result = replayer.run(in, issueOnly);
            skipped = in.skippedSummary();
        } catch (IOException | RuntimeException e) {
            log.abandon();
            throw e;
        }
        log.close();
        double wall = (System.nanoTime() - wallStart) / 1e9;
        RunFiles.write(out, result, config.strategy, config.throttle().label(), wall);
        return new Outcome(result, wall, skipped);
    }
}
