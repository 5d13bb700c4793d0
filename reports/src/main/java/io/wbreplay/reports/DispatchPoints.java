package io.wbreplay.reports;

import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.formats.TraceFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The dispatches (D events) of a run's simulated device, read back from its blktrace dispatch log
 * ({@code dispatch.blktrace.N}) for the sector-versus-time scatter. At most {@code limit} points are
 * kept: every k-th dispatch, so the picture stays faithful and the same run gives the same points.
 */
public final class DispatchPoints {
    public final double[] seconds;
    public final double[] sectors;
    public final boolean[] write;
    public final long total;

    private DispatchPoints(double[] seconds, double[] sectors, boolean[] write, long total) {
        this.seconds = seconds;
        this.sectors = sectors;
        this.write = write;
        this.total = total;
    }

    public int size() {
        return seconds.length;
    }

    /** Reads {@code dir}'s dispatch log; no points if the run has none. */
    public static DispatchPoints read(Path dir, int limit) throws IOException {
        Path log = dir.resolve(ReplayRun.DISPATCH_LOG);
        if (!Files.exists(dir.resolve(ReplayRun.DISPATCH_LOG + ".blktrace.0"))) {
            return new DispatchPoints(new double[0], new double[0], new boolean[0], 0);
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
        int k = 0;
        long seen = 0;
        try (TraceReader in = TraceFormats.open(log, "blktrace", ReadOptions.STRICT)) {
            while (k < n && in.next(r)) {
                if (r.kind == EventKind.ISSUE && r.op.hasData() && seen++ % step == 0) {
                    t[k] = r.timeNs / 1e9;
                    s[k] = r.sector;
                    w[k] = r.op == Operation.WRITE;
                    k++;
                }
            }
        }
        return new DispatchPoints(Arrays.copyOf(t, k), Arrays.copyOf(s, k), Arrays.copyOf(w, k), total);
    }
}
