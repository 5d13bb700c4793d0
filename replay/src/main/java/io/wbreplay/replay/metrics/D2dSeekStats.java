package io.wbreplay.replay.metrics;

import java.util.Arrays;

/**
 * btt/seek.c D2D seek statistics for one device (the rule of seek_dist(), default mode): an I/O
 * overlapping [last_start, last_end] is 0, one after it is start - last_end, one before it is
 * start - last_start; last_start/last_end start at 0. Statistics are on |dist|: count, mean, median,
 * mode (the smallest of the most frequent) and its count. Stands in until the traces module's
 * BttSeekStats is merged.
 */
public final class D2dSeekStats {
    private long lastStart;
    private long lastEnd;
    private long[] dists = new long[1024];
    private int n;
    private long sequential;

    /** Adds one dispatch of [start, end) sectors; returns its signed distance. */
    public long add(long start, long end) {
        long dist;
        if ((lastStart <= start && start <= lastEnd) || (lastStart <= end && end <= lastEnd)) {
            dist = 0;
        } else if (start > lastEnd) {
            dist = start - lastEnd;
        } else {
            dist = start - lastStart;
        }
        lastStart = start;
        lastEnd = end;
        if (n == dists.length) {
            dists = Arrays.copyOf(dists, n * 2);
        }
        dists[n++] = Math.abs(dist);
        if (dist == 0) {
            sequential++;
        }
        return dist;
    }

    public long nseeks() {
        return n;
    }

    /** Dispatches with distance 0. */
    public long sequential() {
        return sequential;
    }

    /** Summary statistics; sorts the stored distances. */
    public Summary summary() {
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long[] d = Arrays.copyOf(dists, n);
        Arrays.sort(d);
        double sum = 0;
        for (long v : d) {
            sum += v;
        }
        long mode = d[0];
        long modeCount = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && d[j] == d[i]) {
                j++;
            }
            if (j - i > modeCount) {
                modeCount = j - i;
                mode = d[i];
            }
            i = j;
        }
        return new Summary(n, sum / n, d[(n - 1) / 2], mode, modeCount);
    }

    /** NSEEKS, mean, median, mode and how often the mode occurs. */
    public record Summary(long nseeks, double mean, long median, long mode, long modeCount) {
    }
}
