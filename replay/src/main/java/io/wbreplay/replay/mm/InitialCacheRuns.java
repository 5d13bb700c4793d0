package io.wbreplay.replay.mm;

/**
 * Where a machine that has run for a while keeps the page cache it already held: not in one run of
 * frames but in aligned blocks of 1-16 frames among the other users' pages, each what one allocation
 * split off a buddy block, so that reclaiming one leaves a free block whose buddy someone else holds
 * (__free_one_page() cannot merge it). scripts/record/frame-layout.py counts the Normal zone's runs of
 * cached frames by length, its last bin runs of 16 or more; a run of 1, 2, 4, 8 or 16+ frames is laid
 * out here as one aligned block of 2^order frames (runs of other lengths are left out). The default is
 * its measurement on the 6.18 guest the recordings ran on, the memory hog pinned (2026-12-07): 22.0 k
 * cached frames among 5.3 M anonymous ones, in runs of 1 (1,273), 2 (1,082), 4 (1,566), 8 (274) and
 * 16+ frames (133), and 1,212 runs of other lengths (traces/samples/recorded/frame-layout/hog-pinned.json;
 * docs/kernel-eras.md, "Where the free pages are"); a recording that kept its own layout
 * (frame-layout.before.json) gives its counts ({@code --initial-cache-runs}). The runs' orders come
 * in a fixed interleaving of those counts (smooth weighted round robin), so a layout is deterministic.
 */
public final class InitialCacheRuns {
    /** Runs of 1, 2, 4, 8 and 16+ frames the measurement counted. */
    public static final int[] MEASURED = {1273, 1082, 1566, 274, 133};
    private final int[] runs;
    private final long total;
    private final long[] credit;

    /** {@code runs}: how many runs of 2^order frames, by order (0-4), at least one in all. */
    public InitialCacheRuns(int[] runs) {
        this.runs = runs.clone();
        this.total = java.util.Arrays.stream(runs).asLongStream().sum();
        this.credit = new long[runs.length];
    }

    /** The next run's order: the one most behind its share so far. */
    public int nextOrder() {
        int best = 0;
        for (int o = 0; o < runs.length; o++) {
            credit[o] += runs[o];
            if (credit[o] > credit[best]) {
                best = o;
            }
        }
        credit[best] -= total;
        return best;
    }
}
