package io.wbreplay.reports;

import io.wbreplay.replay.device.CalibratedDevice;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.stats.BttSeekStats;
import io.wbreplay.traces.stats.SeekSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * What a block trace of one device says, computed the same way for a recording of the real kernel (its
 * tracefs block events) and for the model's dispatch log, so the two sides differ only in their events:
 * write dispatches (D events of writes), the sizes of the dispatched writes, btt's D2D seek table, Q2C
 * and D2C times, and a device fitted to the D2C times ({@link #calibrate}).
 *
 * <p>Q2C as btt counts it: every queued bio is completed by the request whose sector range holds its
 * start (merges included); D2C: a request with data from its D to the first C of its start sector.
 */
public final class BlockMetrics {
    private final TreeMap<Long, Long> writeSizes = new TreeMap<>();
    private final BttSeekStats seeks = new BttSeekStats();
    private final TreeMap<Long, Long> queuedAt = new TreeMap<>();
    private final Map<Long, long[]> issued = new HashMap<>(); // sector -> {time, bytes, |seek|, write?}
    private final List<Long> q2c = new ArrayList<>();
    private final List<Long> d2c = new ArrayList<>();
    private final List<double[]> writeService = new ArrayList<>(); // {bytes, |seek|, d2c}
    private final WriteReleases releases = new WriteReleases();
    private long writeDispatches;
    private long writeBytes;
    private long inFlightSum;
    private long inFlightMax;
    private long dispatches;
    private long completes;
    private int device = -1;

    /** Reads {@code in} to its end; its records must all be of one device ({@code device}, or any one when -1). */
    public static BlockMetrics read(TraceReader in, String what) throws IOException {
        return read(in, what, Long.MAX_VALUE);
    }

    /** As {@link #read(TraceReader, String)}, counting only the events up to {@code untilNs} on the trace's own clock ({@link TraceReader#originNs()}). */
    public static BlockMetrics read(TraceReader in, String what, long untilNs) throws IOException {
        BlockMetrics m = new BlockMetrics();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            if (r.timeNs + in.originNs() > untilNs) {
                continue;
            }
            if (r.isFileLevel()) {
                throw new IOException(what + ": a file-level record; expected block events");
            }
            if (m.device == -1) {
                m.device = r.device;
            } else if (r.device != m.device) {
                throw new IOException(what + ": block events of two devices (" + IoRecord.major(m.device) + ":" + IoRecord.minor(m.device)
                        + " and " + IoRecord.major(r.device) + ":" + IoRecord.minor(r.device) + "); expected one");
            }
            m.add(r);
        }
        return m;
    }

    /**
     * The block events of a recording's tracefs text {@code file} (plain or compressed: wbreplay record's
     * trace.txt, record-reclaim.sh's when kept), which must be of {@code device}; {@code says} names
     * where the recording says which device it is of, for the error when they are of another.
     */
    public static BlockMetrics readTracefs(Path file, int device, String says) throws IOException {
        BlockMetrics m;
        try (TraceReader r = TraceFormats.open(file, "tracepoint", ReadOptions.STRICT)) {
            m = read(r, file.toString());
        }
        if (m.device != -1 && m.device != device) {
            throw new IOException(file + ": block events of device " + IoRecord.major(m.device) + ":" + IoRecord.minor(m.device)
                    + " but " + says + ": a recording of another device");
        }
        return m;
    }

    /** The write releases (issues under 1 ms apart), as summarize.py computes them from a recording. */
    WriteReleases writeReleases() {
        return releases;
    }

    /** The device the events were of, {@code major << 20 | minor}, or -1 if there were none. */
    public int device() {
        return device;
    }

    private void add(IoRecord r) {
        switch (r.kind) {
            case QUEUE -> {
                seeks.add(r);
                if (r.bytes > 0) {
                    queuedAt.putIfAbsent(r.sector, r.timeNs);
                }
            }
            case ISSUE -> {
                long dist = Math.abs(seeks.issue(r.device, r.sector, r.bytes));
                dispatches++;
                long inFlight = issued.size() + 1;
                inFlightSum += inFlight;
                inFlightMax = Math.max(inFlightMax, inFlight);
                if (r.op == Operation.WRITE && r.bytes > 0) {
                    writeDispatches++;
                    writeBytes += r.bytes;
                    writeSizes.merge(r.bytes, 1L, Long::sum);
                    releases.issued(r.timeNs, r.sector, r.bytes);
                }
                if (r.bytes > 0) { // a flush's completion names no sector (-1 on 6.x): no D2C for it
                    issued.put(r.sector, new long[] {r.timeNs, r.bytes, dist, r.op == Operation.WRITE ? 1 : 0});
                }
            }
            case COMPLETE -> {
                completes++;
                long[] d = issued.remove(r.sector);
                if (d != null) {
                    long t = r.timeNs - d[0];
                    d2c.add(t);
                    if (d[3] == 1) {
                        writeService.add(new double[] {d[1], d[2], t});
                        releases.completed(r.timeNs, r.sector);
                    }
                }
                long end = r.sector + Math.max(1, r.bytes >> 9);
                NavigableMap<Long, Long> done = queuedAt.subMap(r.sector, true, end, false);
                for (long q : done.values()) {
                    q2c.add(r.timeNs - q);
                }
                done.clear();
            }
            default -> {
                // inserts, merges, plugs: not counted
            }
        }
    }

    public long writeDispatches() {
        return writeDispatches;
    }

    /** Median size of the dispatched writes in bytes (the lower middle of an even count, as btt), NaN if none. */
    public double writeSizeMedian() {
        return quantile(writeSizes, writeDispatches);
    }

    /** Mean size of the dispatched writes in bytes, NaN if none. */
    public double writeSizeMean() {
        return writeDispatches == 0 ? Double.NaN : (double) writeBytes / writeDispatches;
    }

    /** The dispatched write sizes: size in bytes -> count. */
    public NavigableMap<Long, Long> writeSizes() {
        return writeSizes;
    }

    /** btt's D2D seek table of the device (reads and writes). */
    public SeekSummary d2d() {
        return device == -1 ? SeekSummary.EMPTY : seeks.d2d(device);
    }

    /** btt's Q2Q seek table of the device. */
    public SeekSummary q2q() {
        return device == -1 ? SeekSummary.EMPTY : seeks.q2q(device);
    }

    /** Q2C times in ns, in completion order. */
    public List<Long> q2c() {
        return q2c;
    }

    /** D2C times in ns, in completion order. */
    public List<Long> d2c() {
        return d2c;
    }

    public long dispatches() {
        return dispatches;
    }

    public long completes() {
        return completes;
    }

    /** The mean of {@code ns} in seconds, NaN if empty. */
    public static double meanSeconds(List<Long> ns) {
        return ns.isEmpty() ? Double.NaN : ns.stream().mapToLong(Long::longValue).average().orElse(0) / 1e9;
    }

    /** The median of {@code ns} in seconds (lower middle), NaN if empty. */
    public static double medianSeconds(List<Long> ns) {
        if (ns.isEmpty()) {
            return Double.NaN;
        }
        long[] a = ns.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a[(a.length - 1) / 2] / 1e9;
    }

    /** The value at rank (n-1)/2 of a value -> count map. */
    private static double quantile(NavigableMap<Long, Long> counts, long n) {
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (n - 1) / 2;
        long seen = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen > rank) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("counts sum below " + n);
    }

    /**
     * The Kolmogorov-Smirnov distance between two size distributions: the largest difference of their
     * cumulative shares, 0 for the same distribution, 1 for disjoint ones; NaN if either is empty.
     */
    public static double ksDistance(NavigableMap<Long, Long> a, NavigableMap<Long, Long> b) {
        long na = a.values().stream().mapToLong(Long::longValue).sum();
        long nb = b.values().stream().mapToLong(Long::longValue).sum();
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        TreeMap<Long, Boolean> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        long ca = 0;
        long cb = 0;
        double d = 0;
        for (long k : keys.keySet()) {
            ca += a.getOrDefault(k, 0L);
            cb += b.getOrDefault(k, 0L);
            d = Math.max(d, Math.abs((double) ca / na - (double) cb / nb));
        }
        return d;
    }

    /** Writes with a D and its C: the samples {@link #calibrate} fits. */
    public int calibrationSamples() {
        return writeService.size();
    }

    /**
     * A device fitted to the recorded writes: ordinary least squares of D2C on bytes and |D2D seek|; a
     * negative coefficient (the cost does not grow with it) is dropped and the rest fitted again. As many
     * units, and as deep a queue, as requests were ever in flight together: the recorded D2C already
     * holds whatever wait there was inside the device, so the model adds none.
     *
     * @throws IOException naming {@code what} when there are fewer than 3 writes to fit
     */
    public CalibratedDevice calibrate(String what) throws IOException {
        if (writeService.size() < 3) {
            throw new IOException(what + ": " + writeService.size() + " write requests with both block_rq_issue and block_rq_complete;"
                    + " a device calibration needs at least 3");
        }
        boolean[] use = {true, true};
        double[] coef = fit(use);
        for (int round = 0; round < 2; round++) {
            boolean changed = false;
            for (int i = 0; i < 2; i++) {
                if (use[i] && coef[i + 1] < 0) {
                    use[i] = false;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            coef = fit(use);
        }
        // a recorded D2C already holds any wait inside the device: every request in flight is served at once
        int units = (int) Math.max(1, inFlightMax);
        int depth = units;
        long flush = Math.round(Math.max(0, coef[0])); // flush completions name no request to time: the fixed cost
        return new CalibratedDevice(Math.max(0, coef[0]), coef[1], coef[2], units, depth, flush);
    }

    /** {intercept, per byte, per seek sector}, 0 for a regressor not used; the mean alone if none is. */
    private double[] fit(boolean[] use) {
        int k = (use[0] ? 1 : 0) + (use[1] ? 1 : 0);
        double[] y = new double[writeService.size()];
        double[][] x = new double[writeService.size()][k];
        for (int i = 0; i < y.length; i++) {
            double[] s = writeService.get(i);
            y[i] = s[2];
            int j = 0;
            if (use[0]) {
                x[i][j++] = s[0];
            }
            if (use[1]) {
                x[i][j] = s[1];
            }
        }
        double[] out = new double[3];
        if (k == 0) {
            out[0] = Arrays.stream(y).average().orElse(0);
            return out;
        }
        try {
            OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
            ols.newSampleData(y, x);
            double[] b = ols.estimateRegressionParameters();
            out[0] = b[0];
            int j = 1;
            if (use[0]) {
                out[1] = b[j++];
            }
            if (use[1]) {
                out[2] = b[j];
            }
            return out;
        } catch (IllegalArgumentException e) { // SingularMatrixException included: // all sizes equal or all seeks 0
            if (use[1]) {
                return fit(new boolean[] {use[0], false});
            }
            if (use[0]) {
                return fit(new boolean[] {false, false});
            }
            throw e;
        }
    }
}
