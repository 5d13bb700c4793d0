package io.wbreplay.replay.metrics;

import java.util.Arrays;

/**
 * btt/seek.c D2D seek statistics for one device (the rule of seek_dist(), default mode): an I/O
 * overlapping [last_start, last_end] is 0, one after it is start - last_end, one before it is
 * start - last_start; last_start/last_end start at 0. Statistics are on |dist|: count, mean, median,
 * mode (the smallest of the most frequent) and its count. Distances are counted per distinct value,
 * so memory grows with the distinct distances (bounded by the disk's span), not with the dispatches.
 * Stands in until the traces module's BttSeekStats is merged.
 */
public final class D2dSeekStats {
    private long lastStart;
    private long lastEnd;
    /** Open addressing: distinct |distance| + 1 (0 marks an empty slot) and how often it occurred. */
    private long[] keys = new long[1024];
    private long[] counts = new long[1024];
    private int distinct;
    private long n;
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
        count(Math.abs(dist) + 1);
        n++;
        if (dist == 0) {
            sequential++;
        }
        return dist;
    }

    private void count(long key) {
        int mask = keys.length - 1;
        int i = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (keys[i] != 0) {
            if (keys[i] == key) {
                counts[i]++;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        counts[i] = 1;
        if (++distinct * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = (int) (oldKeys[j] * 0x9E3779B97F4A7C15L >>> 40) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    public long nseeks() {
        return n;
    }

    /** Dispatches with distance 0. */
    public long sequential() {
        return sequential;
    }

    /** Summary statistics, from the distinct distances in ascending order. */
    public Summary summary() {
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long[] sorted = new long[distinct];
        for (int i = 0, j = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                sorted[j++] = keys[i];
            }
        }
        Arrays.sort(sorted);
        long medianRank = (n - 1) / 2;
        long median = 0;
        long seen = 0;
        double sum = 0;
        long mode = 0;
        long modeCount = 0;
        for (long key : sorted) {
            long d = key - 1;
            long c = counts[slot(key)];
            for (long k = 0; k < c; k++) {
                sum += d; // one at a time in ascending order: the same rounding as summing a sorted list
            }
            if (seen <= medianRank && medianRank < seen + c) {
                median = d;
            }
            seen += c;
            if (c > modeCount) {
                modeCount = c;
                mode = d;
            }
        }
        return new Summary(n, sum / n, median, mode, modeCount);
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** NSEEKS, mean, median, mode and how often the mode occurs. */
    public record Summary(long nseeks, double mean, long median, long mode, long modeCount) {
    }
}
