package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * A device fitted to a recording of a real one ({@code wbreplay validate} writes the file from the recorded
 * block_rq_issue/block_rq_complete pairs): a data command takes {@code intercept + perByte x bytes +
 * perSeekSector x |sector - head|}, the least-squares fit of the recorded D2C times against size and
 * seek distance; as many units serve at once, and as many commands are accepted, as requests were ever
 * in flight together (a recorded D2C holds any wait inside the device already).
 *
 * <p>The file is {@code KEY=VALUE} lines (java.util.Properties): {@code intercept_ns}, {@code ns_per_byte},
 * {@code ns_per_seek_sector}, {@code parallel_units}, {@code queue_depth}, {@code flush_ns}, and, for
 * reference only, {@code samples} and {@code source}.
 */
public final class CalibratedDevice implements Device {
    static final String[] KEYS = {"intercept_ns", "ns_per_byte", "ns_per_seek_sector", "parallel_units", "queue_depth", "flush_ns"};
    private static final long CAPACITY_SECTORS = 1L << 40;

    private final double interceptNs;
    private final double nsPerByte;
    private final double nsPerSeekSector;
    private final int parallelUnits;
    private final int queueDepth;
    private final long flushNs;

    public CalibratedDevice(double interceptNs, double nsPerByte, double nsPerSeekSector, int parallelUnits, int queueDepth, long flushNs) {
        if (!(interceptNs >= 0) || !(nsPerByte >= 0) || !(nsPerSeekSector >= 0) || flushNs < 0) {
            throw new IllegalArgumentException("a calibrated device needs non-negative costs, not intercept " + interceptNs
                    + " ns, " + nsPerByte + " ns/byte, " + nsPerSeekSector + " ns/sector, flush " + flushNs + " ns");
        }
        if (parallelUnits < 1 || queueDepth < parallelUnits) {
            throw new IllegalArgumentException("a calibrated device needs 1 <= parallel_units <= queue_depth, not "
                    + parallelUnits + " and " + queueDepth);
        }
        this.interceptNs = interceptNs;
        this.nsPerByte = nsPerByte;
        this.nsPerSeekSector = nsPerSeekSector;
        this.parallelUnits = parallelUnits;
        this.queueDepth = queueDepth;
        this.flushNs = flushNs;
    }

    /** Reads a calibration file; a one-line error naming it and the key when it is not one. */
    public static CalibratedDevice read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("device 'calibrated:" + file + "': cannot read " + file + " (" + e.getMessage() + ")");
        }
        double[] v = new double[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            String s = p.getProperty(KEYS[i]);
            if (s == null) {
                throw new IllegalArgumentException(file + ": no " + KEYS[i] + "= (expected a device calibration written by wbreplay validate)");
            }
            try {
                v[i] = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": " + KEYS[i] + "=" + s + ": expected a number");
            }
        }
        try {
            return new CalibratedDevice(v[0], v[1], v[2], (int) v[3], (int) v[4], Math.round(v[5]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** The calibration as the file holds it. */
    public String toProperties(long samples, String source) {
        return String.format(Locale.ROOT, "# wbreplay device calibration: D2C = intercept + ns_per_byte x bytes + ns_per_seek_sector x |seek|%n"
                + "source=%s%nsamples=%d%nintercept_ns=%.1f%nns_per_byte=%.6f%nns_per_seek_sector=%.9f%nparallel_units=%d%nqueue_depth=%d%nflush_ns=%d%n",
                source, samples, interceptNs, nsPerByte, nsPerSeekSector, parallelUnits, queueDepth, flushNs);
    }

    public double interceptNs() {
        return interceptNs;
    }

    public double nsPerByte() {
        return nsPerByte;
    }

    public double nsPerSeekSector() {
        return nsPerSeekSector;
    }

    @Override
    public String name() {
        return "calibrated";
    }

    @Override
    public long capacitySectors() {
        return CAPACITY_SECTORS;
    }

    @Override
    public long bandwidthBytesPerSecond() {
        return Math.round(parallelUnits * 1e9 / Math.max(nsPerByte, 1e-3)); // large sequential writes: the per-byte cost
    }

    @Override
    public int queueDepth() {
        return queueDepth;
    }

    @Override
    public int parallelUnits() {
        return parallelUnits;
    }

    @Override
    public long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op) {
        return Math.round(interceptNs + nsPerByte * bytes + nsPerSeekSector * Math.abs(sector - headSector));
    }

    @Override
    public long cacheFlushNs() {
        return flushNs;
    }
}
