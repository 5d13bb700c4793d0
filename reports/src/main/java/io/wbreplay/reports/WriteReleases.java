package io.wbreplay.reports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * blk-throttle's releases as a device's block events show them (scripts/record/summarize.py's
 * {@code write_releases}, computed the same way): write issues less than 1 ms after the previous one
 * make one release (a throttled bio's split requests go out together); per release its first issue,
 * its bytes and its last completion.
 */
final class WriteReleases {
    /** Issues closer than this to the release's last issue join it. */
    static final long JOIN_NS = 1_000_000;

    private final List<long[]> releases = new ArrayList<>(); // {first issue, bytes, last completion, last issue}
    private final Map<Long, Integer> bySector = new HashMap<>();

    void issued(long timeNs, long sector, long bytes) {
        if (releases.isEmpty() || timeNs - releases.get(releases.size() - 1)[3] >= JOIN_NS) {
            releases.add(new long[] {timeNs, 0, timeNs, timeNs});
        }
        long[] r = releases.get(releases.size() - 1);
        r[1] += bytes;
        r[3] = timeNs;
        bySector.put(sector, releases.size() - 1);
    }

    void completed(long timeNs, long sector) {
        Integer i = bySector.remove(sector);
        if (i != null) {
            releases.get(i)[2] = Math.max(releases.get(i)[2], timeNs);
        }
    }

    int count() {
        return releases.size();
    }

    /** The {@code q}-th percentile (nearest rank) of the time between one release and the next, ms; NaN with fewer than two. */
    double intervalMs(int q) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < releases.size(); i++) {
            gaps.add(releases.get(i)[0] - releases.get(i - 1)[0]);
        }
        return nearestRank(gaps, q) / 1e6;
    }

    /** The {@code q}-th percentile of a release's first issue to its last completion, ms. */
    double latencyMs(int q) {
        List<Long> xs = new ArrayList<>();
        for (long[] r : releases) {
            xs.add(r[2] - r[0]);
        }
        return nearestRank(xs, q) / 1e6;
    }

    /** The median bytes of a release (the mean of the middle two for an even count, as Python's statistics.median). */
    double bytesMedian() {
        List<Long> xs = new ArrayList<>();
        for (long[] r : releases) {
            xs.add(r[1]);
        }
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        xs.sort(null);
        int n = xs.size();
        return n % 2 == 1 ? xs.get(n / 2) : (xs.get(n / 2 - 1) + xs.get(n / 2)) / 2.0;
    }

    /** The {@code q}-th percentile ({@link NearestRank}) of {@code xs}, sorted here; NaN for none. */
    private static double nearestRank(List<Long> xs, int q) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        xs.sort(null);
        return NearestRank.of(xs, q);
    }
}
