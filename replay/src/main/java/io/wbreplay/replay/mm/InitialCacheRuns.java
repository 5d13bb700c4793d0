package io.wbreplay.replay.mm;

/**
 * Where a machine that has run for a while keeps the page cache it already held: not in one run of
 * frames but in aligned blocks of 1-16 frames among the other users' pages, each what one allocation
 * split off a buddy block, so that reclaiming one leaves a free block whose buddy someone else holds
 * (__free_one_page() cannot merge it). Measured with scripts/record/frame-layout.py on the 6.18 guest
 * the recordings ran on, the memory hog pinned (2026-12-07): the Normal zone's 22.0 k cached frames lay
 * among 5.3 M anonymous ones in runs of 1 (1,273), 2 (1,082), 4 (1,566), 8 (274) and 16 frames (59),
 * mostly aligned to their size, and 1,212 runs of other lengths, left out here
 * (traces/samples/recorded/frame-layout/hog-pinned.json; docs/kernel-eras.md, "Where the free pages
 * are"). The runs' orders come
 * in a fixed interleaving of those counts (smooth weighted round robin), so a layout is deterministic.
 */
public final class InitialCacheRuns {
    /** Runs of 2^order frames counted by the measurement, by order. */
    private static final long[] RUNS = {1273, 1082, 1566, 274, 59};
    private static final long TOTAL = java.util.Arrays.stream(RUNS).sum();
    private final long[] credit = new long[RUNS.length];

    /** The next run's order: the one most behind its share so far. */
    public int nextOrder() {
        int best = 0;
        for (int o = 0; o < RUNS.length; o++) {
            credit[o] += RUNS[o];
            if (credit[o] > credit[best]) {
                best = o;
            }
        }
        credit[best] -= TOTAL;
        return best;
    }
}
