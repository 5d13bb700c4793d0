package io.wbreplay.replay.vmscan.strategy;

import java.util.Arrays;

/**
 * The pageout works queued and not yet started, the ones a page can merge into. Under memory pressure
 * reclaim asks for every dirty page it meets (tens of millions of times in a long run) while up to
 * pageoutMaxWorks works wait, so they are kept sorted by inode and first index and a page finds the
 * works near it by binary search. The answer is the one a scan in queue order gives: the oldest work
 * that covers or borders the page.
 *
 * <p>Most pages have no work near them (the queued works cover a few percent of a file), and the search's
 * eight or so dependent steps cost more than all else reclaim does for such a page. So each work also
 * counts itself, from the page before its first to the page after its last, in the buckets of 64 pages
 * it spans (hashed with the inode into a small table): a page whose bucket counts none has no work
 * to join, and the search is skipped. A collision only means searching; the answer stays the same.
 */
final class PageoutQueue {
    private PageoutWork[] works = new PageoutWork[64];
    /** Each work's inode, first and last index and age beside it, so a search reads these arrays, not the works. */
    private int[] inos = new int[64];
    private long[] starts = new long[64];
    private long[] ends = new long[64];
    private long[] seqs = new long[64];
    private int size;
    /** Per hashed (inode, index / 64) bucket: how many queued works may take a page in it. */
    private final int[] near = new int[1 << NEAR_BITS];
    private static final int NEAR_BITS = 12;
    private static final int BUCKET_SHIFT = 6;
    private long nextSeq;
    /** The most pages any queued work has covered: how far before a page a work that reaches it may start. */
    private long longest;

    /** Queues {@code w} after all others. */
    void add(PageoutWork w) {
        w.seq = nextSeq++;
        if (size == works.length) {
            works = Arrays.copyOf(works, size * 2);
            inos = Arrays.copyOf(inos, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        insert(w);
        countNear(w, 1);
        w.queued = true;
    }

    /** Takes {@code w} off the queue (it started); nothing if it is not queued. */
    void remove(PageoutWork w) {
        if (!w.queued) {
            return;
        }
        delete(search(w.ino, w.start, w.seq));
        countNear(w, -1);
        w.queued = false;
    }

    /**
     * The oldest queued work of inode {@code ino} that {@code index} can join: one that holds it, or
     * one of fewer than {@code maxPages} pages that ends just before it or starts just after it; or null.
     */
    PageoutWork find(int ino, long index, long maxPages) {
        if (near[bucket(ino, index >> BUCKET_SHIFT)] == 0) {
            return null;
        }
        int i = firstAtOrAfter(ino, index - longest);
        int found = -1;
        for (; i < size && inos[i] == ino && starts[i] <= index + 1; i++) {
            long start = starts[i];
            long end = ends[i];
            boolean joins = index >= start && index <= end
                    || (index == end + 1 || index == start - 1) && end - start + 1 < maxPages;
            if (joins && (found < 0 || seqs[i] < seqs[found])) {
                found = i;
            }
        }
        return found < 0 ? null : works[found];
    }

    /** Moves {@code w}'s last index to {@code end}. */
    void setEnd(PageoutWork w, long end) {
        countNear(w, -1);
        w.end = end;
        countNear(w, 1);
        ends[search(w.ino, w.start, w.seq)] = end;
        grew(w);
    }

    /** Moves {@code w}'s first index to {@code start}, and the work to its new place (keeping its age). */
    void setStart(PageoutWork w, long start) {
        delete(search(w.ino, w.start, w.seq));
        countNear(w, -1);
        w.start = start;
        countNear(w, 1);
        insert(w);
    }

    /** Adds {@code delta} to the buckets of the pages {@code w} may take: start - 1 .. end + 1. */
    private void countNear(PageoutWork w, int delta) {
        for (long b = (w.start - 1) >> BUCKET_SHIFT, last = (w.end + 1) >> BUCKET_SHIFT; b <= last; b++) {
            near[bucket(w.ino, b)] += delta;
        }
    }

    private static int bucket(int ino, long bucket) {
        return (int) (((bucket + ino * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L) >>> (64 - NEAR_BITS));
    }

    private void grew(PageoutWork w) {
        longest = Math.max(longest, w.end - w.start + 1);
    }

    private void insert(PageoutWork w) {
        int i = -(search(w.ino, w.start, w.seq) + 1);
        System.arraycopy(works, i, works, i + 1, size - i);
        System.arraycopy(inos, i, inos, i + 1, size - i);
        System.arraycopy(starts, i, starts, i + 1, size - i);
        System.arraycopy(ends, i, ends, i + 1, size - i);
        System.arraycopy(seqs, i, seqs, i + 1, size - i);
        works[i] = w;
        inos[i] = w.ino;
        starts[i] = w.start;
        ends[i] = w.end;
        seqs[i] = w.seq;
        size++;
        grew(w);
    }

    private void delete(int i) {
        System.arraycopy(works, i + 1, works, i, size - i - 1);
        System.arraycopy(inos, i + 1, inos, i, size - i - 1);
        System.arraycopy(starts, i + 1, starts, i, size - i - 1);
        System.arraycopy(ends, i + 1, ends, i, size - i - 1);
        System.arraycopy(seqs, i + 1, seqs, i, size - i - 1);
        works[--size] = null;
    }

    /**
     * The first position whose (inode, start) is not below ({@code ino}, {@code start}): a binary
     * search without branches on the comparisons, which are as good as random for the pages reclaim
     * meets (this runs for every dirty page it scans).
     */
    private int firstAtOrAfter(int ino, long start) {
        int base = 0;
        for (int n = size; n > 0; ) {
            int half = n >>> 1;
            int mid = base + half;
            boolean below = inos[mid] < ino | inos[mid] == ino & starts[mid] < start;
            base = below ? mid + 1 : base;
            n = below ? n - half - 1 : half;
        }
        return base;
    }

    /** Binary search by (inode, start, age): the position, or -(insertion point) - 1. */
    private int search(int ino, long start, long seq) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = inos[mid] != ino ? Integer.compare(inos[mid], ino)
                    : starts[mid] != start ? Long.compare(starts[mid], start) : Long.compare(seqs[mid], seq);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }
}
