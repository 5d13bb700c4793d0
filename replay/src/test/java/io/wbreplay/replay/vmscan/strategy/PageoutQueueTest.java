package io.wbreplay.replay.vmscan.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sorted queue of pageout works answers as the scan in queue order it replaced: the oldest work a
 * page can join, also when works of one inode overlap (a work grown over its neighbour's range) and
 * when an older work that borders the page is full.
 */
class PageoutQueueTest {
    private static final long UNIT = 4;
    private static final long MAX_PAGES = 3 * UNIT;

    @Test
    void findsTheOldestWorkAPageCanJoin() {
        SplittableRandom random = new SplittableRandom(7);
        PageoutQueue queue = new PageoutQueue();
        List<PageoutWork> inOrder = new ArrayList<>(); // the queue as the old scan saw it, oldest first
        for (int step = 0; step < 200_000; step++) {
            int ino = random.nextInt(3);
            long index = random.nextLong(200);
            PageoutWork expected = scan(inOrder, ino, index);
            PageoutWork w = queue.find(ino, index, MAX_PAGES);
            assertThat(w).isSameAs(expected);
            if (w != null) {
                if (index == w.end + 1) {
                    queue.setEnd(w, Math.min(w.start + MAX_PAGES - 1, index + UNIT - 1));
                } else if (index == w.start - 1) {
                    queue.setStart(w, Math.max(w.end - MAX_PAGES + 1, Math.max(0, index - UNIT + 1)));
                }
            } else if (inOrder.size() < 40) {
                w = new PageoutWork(null, null);
                w.prepare(0, ino, index - index % UNIT, UNIT);
                queue.add(w);
                inOrder.add(w);
            }
            if (!inOrder.isEmpty() && random.nextInt(4) == 0) { // a work starts: no longer queued
                PageoutWork started = inOrder.remove(random.nextInt(inOrder.size()));
                queue.remove(started);
                queue.remove(started); // a second time, as a work whose page lock was busy retries
            }
        }
    }

    private static PageoutWork scan(List<PageoutWork> inOrder, int ino, long index) {
        for (PageoutWork w : inOrder) {
            if (w.ino != ino) {
                continue;
            }
            boolean notFull = w.end - w.start + 1 < MAX_PAGES;
            if (index >= w.start && index <= w.end || notFull && (index == w.end + 1 || index == w.start - 1)) {
                return w;
            }
        }
        return null;
    }
}
