package io.wbreplay.reports;

import java.util.List;

/**
 * The nearest-rank percentile: the smallest value with at least p % of the data at or below it, the
 * ceil(p n / 100)-th smallest, worked in integers (scripts/record/summarize.py's {@code nearest_rank()},
 * which the recordings' real figures come from, so that model and real use the same rule): in doubles
 * 0.07 x 100 is 7.000000000000001, whose ceil is one rank too high.
 */
final class NearestRank {
    private NearestRank() {
    }

    /** The {@code p}-th percentile (0-100) of {@code sorted}, not empty: its ceil(p n / 100)-th value, the first for p = 0. */
    static long of(List<Long> sorted, int p) {
        long rank = ((long) p * sorted.size() + 99) / 100;
        return sorted.get((int) Math.max(0, rank - 1));
    }
}
