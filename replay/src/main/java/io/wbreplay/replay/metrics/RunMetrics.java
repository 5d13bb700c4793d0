package io.wbreplay.replay.metrics;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.Event;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.stats.BttSeekStats;
import io.wbreplay.traces.stats.SeekSummary;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one run measures: histograms of write dispatch size, D2D seek distance, stalls per cause and
 * in total, Q2C and D2C; btt's D2D seek statistics per device ({@link BttSeekStats}, so they equal
 * what {@code btt} prints for the run's dispatch log); and a time series sampled every
 * 100 ms of simulated time (dirty, writeback and free pages, write and read throughput, and the stall
 * time of the stalls that ended in the interval).
 */
public final class RunMetrics implements DispatchSink, Kernel.IoObserver, Event {
    public static final long SAMPLE_NS = 100_000_000L;

    public final Histogram ioSize = histogram();
    public final Histogram seekDistance = histogram();
    public final Histogram stallAll = histogram();
    public final Histogram q2c = histogram();
    public final Histogram d2c = histogram();
    private final Histogram[] stallBy = new Histogram[StallCause.values().length];
    private final BttSeekStats seeks = new BttSeekStats();
    private final StringBuilder series = new StringBuilder("time_s,dirty_pages,writeback_pages,free_pages,write_mb_s,read_mb_s,stall_ms,active_file_pages,inactive_file_pages,top_zone_free_pages,top_zone_boost_pages,top_zone_free_order4_pages\n");
    private Kernel kernel;
    private long dispatches;
    private long writeDispatches;
    private long writeBytes;
    private long maxWriteBytes;
    private long readDispatches;
    private long readBytes;
    private long intervalWriteBytes;
    private long intervalReadBytes;
    /** Stall time of the stalls that ended in the current sampling interval. */
    private long intervalStallNs;
    private long nextSampleNs;
    private boolean sampling;
    private long sequentialDispatches;

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
        // the highest zone's free pages, watermark boost and free pages in blocks of order 4+ (ZONE_NORMAL on the recorded machines), where the zones are modelled
        Zone top = kernel.zones == null ? kernel.zone : kernel.zones[kernel.zones.length - 1];
        long large = 0;
        for (int o = 4; o <= 10; o++) {
            large += top.freeBlocks(o) << o;
        }
        series.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%.3f,%.3f,%.3f,%d,%d,%d,%d,%d%n", nowNs / 1e9,
                kernel.vmstat.get(VmItem.NR_DIRTY), kernel.vmstat.get(VmItem.NR_WRITEBACK), kernel.zone.freePages(),
                intervalWriteBytes / 1e6 / (SAMPLE_NS / 1e9), intervalReadBytes / 1e6 / (SAMPLE_NS / 1e9), intervalStallNs / 1e6,
                kernel.vmstat.get(VmItem.NR_ACTIVE_FILE), kernel.vmstat.get(VmItem.NR_INACTIVE_FILE), top.freePages(), top.watermarkBoost(), large));
        intervalStallNs = 0;
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
        intervalStallNs += durationNs;
    }

    public Histogram stalls(StallCause cause) {
        return stallBy[cause.ordinal()];
    }

    @Override
    public void dispatch(long nowNs, int device, Operation op, long sector, int bytes, int pid, IoOrigin origin) {
        if (bytes == 0) {
            return; // flushes: no data, no seek (btt ignores them too)
        }
        dispatches++;
        long dist = seeks.issue(device, sector, bytes);
        seekDistance.recordValue(Math.abs(dist));
        if (dist == 0) {
            sequentialDispatches++;
        }
        if (op == Operation.WRITE) {
            writeDispatches++;
            writeBytes += bytes;
            maxWriteBytes = Math.max(maxWriteBytes, bytes);
            ioSize.recordValue(bytes);
        } else if (op == Operation.READ) {
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

    /** btt's D2D table of the (lowest-numbered) device; a run simulates one device. */
    public SeekSummary d2d() {
        int[] devices = seeks.devices();
        return devices.length == 0 ? SeekSummary.EMPTY : seeks.d2d(devices[0]);
    }

    /** Fraction of data dispatches at D2D distance 0. */
    public double sequentialFraction() {
        return dispatches == 0 ? 0 : (double) sequentialDispatches / dispatches;
    }

    /** The time series as CSV text. */
    public String timeSeriesCsv() {
        return series.toString();
    }
}
