package io.wbreplay.reports;

import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.replay.metrics.DispatchLog;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.AtomicOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The dispatches (D events) of a run's simulated device, read back from its blktrace dispatch log
 * ({@code dispatch.blktrace.N}) for the sector-versus-time scatter, each with who submitted it (the
 * log's pid, {@link DispatchLog#origin}). At most {@code limit} points are kept: every k-th dispatch,
 * so the picture stays faithful and the same run gives the same points.
 */
public final class DispatchPoints {
    public final double[] seconds;
    public final double[] sectors;
    public final boolean[] write;
    public final IoOrigin[] origin;
    public final long total;

    private DispatchPoints(double[] seconds, double[] sectors, boolean[] write, IoOrigin[] origin, long total) {
        this.seconds = seconds;
        this.sectors = sectors;
        this.write = write;
        this.origin = origin;
        this.total = total;
    }

    public int size() {
        return seconds.length;
    }

    /** The dispatch log of a report's cell, gzipped: a tenth of the size (zcat it into {@code blkparse -i -}). */
    public static final String GZIPPED_LOG = ReplayRun.DISPATCH_LOG + ".blktrace.0.gz";

    /**
     * Replaces {@code dir}'s dispatch log by its gzipped copy ({@link #GZIPPED_LOG}), written atomically;
     * nothing if the run has none. The gzip header carries no time, so the same log gives the same bytes.
     */
    public static void gzipLog(Path dir) throws IOException {
        Path log = dir.resolve(ReplayRun.DISPATCH_LOG + ".blktrace.0");
        if (!Files.exists(log)) {
            return;
        }
        AtomicOutput out = AtomicOutput.create(dir.resolve(GZIPPED_LOG));
        try (GZIPOutputStream gz = new GZIPOutputStream(new FilterOutputStream(out) {
            @Override
            public void close() {
                // AtomicOutput is closed (committed) below, once the gzip trailer is written
            }
        }, 1 << 16)) {
            Files.copy(log, gz);
        } catch (IOException | RuntimeException e) {
            out.abandon();
            throw e;
        }
        out.close();
        Files.delete(log);
    }

    /** Reads {@code dir}'s dispatch log, plain or gzipped; no points if the run has none. */
    public static DispatchPoints read(Path dir, int limit) throws IOException {
        if (Files.exists(dir.resolve(GZIPPED_LOG)) && !Files.exists(dir.resolve(ReplayRun.DISPATCH_LOG + ".blktrace.0"))) {
            Path tmp = Files.createTempDirectory("wbreplay-dispatch");
            try {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(GZIPPED_LOG)), 1 << 16)) {
                    Files.copy(in, tmp.resolve(ReplayRun.DISPATCH_LOG + ".blktrace.0"));
                } catch (java.util.zip.ZipException e) {
                    throw new IOException(dir.resolve(GZIPPED_LOG) + ": not gzip: " + e.getMessage());
                }
                return read(tmp, limit);
            } finally {
                Files.deleteIfExists(tmp.resolve(ReplayRun.DISPATCH_LOG + ".blktrace.0"));
                Files.deleteIfExists(tmp);
            }
        }
        Path log = dir.resolve(ReplayRun.DISPATCH_LOG);
        if (!Files.exists(dir.resolve(ReplayRun.DISPATCH_LOG + ".blktrace.0"))) {
            return new DispatchPoints(new double[0], new double[0], new boolean[0], new IoOrigin[0], 0);
        }
        IoRecord r = new IoRecord();
        long total = 0;
        try (TraceReader in = TraceFormats.open(log, "blktrace", ReadOptions.STRICT)) {
            while (in.next(r)) {
                if (r.kind == EventKind.ISSUE && r.op.hasData()) {
                    total++;
                }
            }
        }
        long step = Math.max(1, (total + limit - 1) / limit);
        int n = (int) Math.min(limit, (total + step - 1) / step);
        double[] t = new double[n];
        double[] s = new double[n];
        boolean[] w = new boolean[n];
        IoOrigin[] o = new IoOrigin[n];
        int k = 0;
        long seen = 0;
        try (TraceReader in = TraceFormats.open(log, "blktrace", ReadOptions.STRICT)) {
            while (k < n && in.next(r)) {
                if (r.kind == EventKind.ISSUE && r.op.hasData() && seen++ % step == 0) {
                    t[k] = r.timeNs / 1e9;
                    s[k] = r.sector;
                    w[k] = r.op == Operation.WRITE;
                    o[k] = DispatchLog.origin(r.pid, r.op != Operation.WRITE);
                    k++;
                }
            }
        }
        return new DispatchPoints(Arrays.copyOf(t, k), Arrays.copyOf(s, k), Arrays.copyOf(w, k), Arrays.copyOf(o, k), total);
    }
}
