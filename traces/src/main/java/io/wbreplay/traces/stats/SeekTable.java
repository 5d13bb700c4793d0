package io.wbreplay.traces.stats;

/**
 * One btt seek table (btt/seek.c: {@code struct seeki}): the seek distance of each I/O added, counted
 * per distinct distance. Reads and writes share the state. Memory grows with the number of distinct
 * distances, not with the number of I/Os.
 *
 * <p>btt keeps the counts in a red-black tree whose shape decides its median and mode (see
 * {@link #summary()}). Here they are counted in a hash table, which keeps the order in which the
 * distances first appeared; the tree is built from that order, so with btt's shape, only when a
 * summary needs it: when more than one bucket could be the median or several distances share the
 * highest count.
 *
 * <p>Distance ({@code seek_dist()}): with {@code start = sector} and {@code end = sector + bytes/512},
 * 0 if the I/O's start or end lies within the previous I/O's [start, end] (an exactly sequential I/O,
 * start == last end, is 0); else {@code start - lastEnd} going forward, or {@code start - lastStart}
 * going backward. The state starts at 0, so the first I/O's distance is its own start sector. The
 * statistics use the absolute distance.
 */
public final class SeekTable {
    private final LongCounts counts = new LongCounts();
    /** btt's tree over {@code counts}, built on demand; null when stale. */
    private RbTree buckets;
    private long nseeks;
    private double totalSectors;
    private long lastStart;
    private long lastEnd;

    /**
     * Adds one I/O ({@code seeki_add()}).
     *
     * @return its signed seek distance in sectors
     */
    public long add(long sector, long bytes) {
        long start = sector;
        long end = sector + (bytes >> 9);
        long dist;
        if ((lastStart <= start && start <= lastEnd) || (lastStart <= end && end <= lastEnd)) {
            dist = 0; // some overlap means no seek
        } else if (start > lastEnd) {
            dist = start - lastEnd;
        } else {
            dist = start - lastStart;
        }
        lastStart = start;
        lastEnd = end;
        long abs = Math.abs(dist);
        nseeks++;
        totalSectors += abs; // a double sum, in btt's order: the mean rounds as btt's does
        counts.increment(abs);
        buckets = null;
        return dist;
    }

    public long nseeks() {
        return nseeks;
    }

    /** The statistics btt prints for this table. */
    public SeekSummary summary() {
        if (nseeks == 0) {
            return SeekSummary.EMPTY;
        }
        long target = nseeks / 2;
        Candidates c = new Candidates(target);
        counts.forEach(c);
        // One candidate each: the walks' order does not matter, and the tree is not needed.
        if (c.medianCandidates <= 1 && c.nmodes == 1) {
            long median = c.medianCandidates == 1 ? c.median : 0;
            return new SeekSummary(nseeks, totalSectors / nseeks, median, new long[] {c.mode}, 1, c.mostSeeks);
        }
        RbTree tree = tree();
        long median = median(tree, target);
        ModeWalk modes = new ModeWalk(tree);
        modes.visit(tree.root());
        return new SeekSummary(nseeks, totalSectors / nseeks, median, modes.modes, modes.nmodes, modes.mostSeeks);
    }

    /** The buckets that could be btt's median (count >= target) and those with the highest count. */
    private static final class Candidates implements LongCounts.Visitor {
        final long target;
        int medianCandidates;
        long median;
        long mostSeeks;
        int nmodes;
        long mode;

        Candidates(long target) {
            this.target = target;
        }

        @Override
        public void visit(long key, long count) {
            if (count >= target) {
                medianCandidates++;
                median = key;
            }
            if (count > mostSeeks) {
                mostSeeks = count;
                nmodes = 0;
                mode = key;
            }
            if (count == mostSeeks) {
                nmodes++;
            }
        }
    }

    /** btt's tree: the distinct distances inserted in the order they first appeared. */
    private RbTree tree() {
        if (buckets == null) {
            buckets = new RbTree();
            for (int i = 0; i < counts.size(); i++) {
                long key = counts.key(i);
                buckets.insert(key, counts.count(key));
            }
        }
        return buckets;
    }

    /**
     * btt's {@code seeki_median()}: a pre-order walk for the first bucket whose own count reaches
     * {@code nseeks / 2}. btt's {@code __median()} never adds the counts of the buckets it passes
     * ({@code sofar} stays 0), so this is not the statistical median: with many distinct distances no
     * bucket qualifies and btt prints 0. Reproduced as is, because the numbers must equal btt's.
     */
    private static long median(RbTree buckets, long target) {
        int[] stack = new int[128]; // red-black height is at most 2 log2(n + 1)
        int top = 0;
        stack[top++] = buckets.root();
        while (top > 0) {
            int n = stack[--top];
            if (buckets.value(n) >= target) {
                return buckets.key(n);
            }
            // pre-order: the left subtree before the right one
            if (buckets.right(n) != RbTree.NIL) {
                stack[top++] = buckets.right(n);
            }
            if (buckets.left(n) != RbTree.NIL) {
                stack[top++] = buckets.left(n);
            }
        }
        return 0;
    }

    /** btt's {@code __mode()}: a post-order walk keeping every bucket with the highest count, in visit order. */
    private static final class ModeWalk {
        final RbTree buckets;
        final long[] modes = new long[SeekSummary.LISTED_MODES];
        int nmodes;
        long mostSeeks = -1;

        ModeWalk(RbTree buckets) {
            this.buckets = buckets;
        }

        void visit(int n) {
            if (buckets.left(n) != RbTree.NIL) {
                visit(buckets.left(n));
            }
            if (buckets.right(n) != RbTree.NIL) {
                visit(buckets.right(n));
            }
            long count = buckets.value(n);
            if (count > mostSeeks) {
                nmodes = 0;
            } else if (count < mostSeeks) {
                return;
            }
            mostSeeks = count;
            if (nmodes < modes.length) {
                modes[nmodes] = buckets.key(n);
            }
            nmodes++;
        }
    }
}
