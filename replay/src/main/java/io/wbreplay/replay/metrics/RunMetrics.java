package io.wbreplay.replay.metrics;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Event;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.traces.Operation;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measures: histograms of write dispatch size, D2D seek distance, stalls per cause and
 * in total, Q2C and D2C; btt-style D2D seek statistics per device; and a time series sampled every
 * 100 ms of simulated time (dirty, writeback and free pages, write and read throughput).
 */
public final class RunMetrics implements DispatchSink, Kernel.IoObserver, Event {
    public static final long SAMPLE_NS = 100_000_000L;

    public final Histogram ioSize = histogram();
    public final Histogram seekDistance = histogram();
    public final Histogram stallAll = histogram();
    public final Histogram q2c = histogram();
    public final Histogram d2c = histogram();
    private final Histogram[] stallBy = new Histogram[StallCause.values().length];
    private final Map<Integer, D2dSeekStats> seeks = new HashMap<>();
    private final StringBuilder series = new StringBuilder("time_s,dirty_pages,writeback_pages,free_pages,write_mb_s,read_mb_s\n");
    private Kernel kernel;
    private long dispatches;
    private long writeDispatches;
    private long writeBytes;
    private long maxWriteBytes;
    private long readDispatches;
    private long readBytes;
    private long intervalWriteBytes;
    private long intervalReadBytes;
    private long nextSampleNs;
    private boolean sampling;
    private int lastDevice = Integer.MIN_VALUE;
    private D2dSeekStats lastSeeks;

    public RunMetrics() {
        for (int i = 0; i < stallBy.length; i++) {
            stallBy[i] = histogram();
        }
    }

    private static Histogram histogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    /** Starts sampling {@code kernel}'s state every 100 ms of simulated time. */
    public void attach(Kernel kernel) {
        this.kernel = kernel;
        kernel.setObserver(this);
        sampling = true;
        nextSampleNs = SAMPLE_NS;
        kernel.loop.at(nextSampleNs, this);
    }

    /** Stops the sampler (the run is over). */
    public void stopSampling() {
        sampling = false;
    }

    @Override
    public void fire(long nowNs) {
        if (!sampling) {
            return;
        }
        series.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%.3f,%.3f%n", nowNs / 1e9,
                kernel.vmstat.get(VmItem.NR_DIRTY), kernel.vmstat.get(VmItem.NR_WRITEBACK), kernel.zone.freePages(),
                intervalWriteBytes / 1e6 / (SAMPLE_NS / 1e9), intervalReadBytes / 1e6 / (SAMPLE_NS / 1e9)));
        intervalWriteBytes = 0;
        intervalReadBytes = 0;
        nextSampleNs += SAMPLE_NS;
        kernel.loop.at(nextSampleNs, this);
    }

    /** A stall of a trace stream. */
    public void stall(StallCause cause, long durationNs) {
        if (durationNs <= 0) {
            return;
        }
        stallBy[cause.ordinal()].recordValue(durationNs);
        stallAll.recordValue(durationNs);
    }

    public Histogram stalls(StallCause cause) {
        return stallBy[cause.ordinal()];
    }

    @Override
    public void dispatch(long nowNs, int device, Operation op, long sector, int bytes, int pid, IoOrigin origin) {
        if (op != Operation.READ && op != Operation.WRITE) {
            return;
        }
        dispatches++;
        if (device != lastDevice) {
            lastSeeks = seeks.computeIfAbsent(device, d -> new D2dSeekStats());
            lastDevice = device;
        }
        long dist = lastSeeks.add(sector, sector + (bytes >>> 9));
        seekDistance.recordValue(Math.abs(dist));
        if (op == Operation.WRITE) {
            writeDispatches++;
            writeBytes += bytes;
            maxWriteBytes = Math.max(maxWriteBytes, bytes);
            ioSize.recordValue(bytes);
        } else {
            readDispatches++;
            readBytes += bytes;
        }
    }

    @Override
    public void complete(long nowNs, int device, Operation op, long sector, int bytes, long dispatchNs) {
        d2c.recordValue(Math.max(0, nowNs - dispatchNs));
        if (op == Operation.WRITE) {
            intervalWriteBytes += bytes;
        } else if (op == Operation.READ) {
            intervalReadBytes += bytes;
        }
    }

    @Override
    public void completed(Bio bio, long nowNs) {
        q2c.recordValue(Math.max(0, nowNs - bio.queuedNs));
    }

    public long dispatches() {
        return dispatches;
    }

    public long writeDispatches() {
        return writeDispatches;
    }

    public long writeBytes() {
        return writeBytes;
    }

    /** The largest write dispatch, exactly. */
    public long maxWriteBytes() {
        return maxWriteBytes;
    }

    public long readDispatches() {
        return readDispatches;
    }

    public long readBytes() {
        return readBytes;
    }

    /** D2D statistics over every device's dispatches (one device in practice; the first if several). */
    public D2dSeekStats.Summary d2d() {
        D2dSeekStats s = seeks.isEmpty() ? new D2dSeekStats() : seeks.get(seeks.keySet().stream().min(Integer::compare).get());
        return s.summary();
    }

    /** Fraction of dispatches at D2D distance 0. */
    public double sequentialFraction() {
        long seq = 0;
        long all = 0;
        for (D2dSeekStats s : seeks.values()) {
            seq += s.sequential();
            all += s.nseeks();
        }
        return all == 0 ? 0 : (double) seq / all;
    }

    /** The time series as CSV text. */
    public String timeSeriesCsv() {
        return series.toString();
    }
}
