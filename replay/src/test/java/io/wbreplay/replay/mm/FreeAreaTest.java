package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The buddy allocator, worked by hand from mm/page_alloc.c: __rmqueue_smallest() takes the smallest
 * order that fits and expand() frees the upper halves, so the first page of a fresh 16-frame zone is
 * frame 0 and leaves one free block each of orders 0-3 (frames 1, 2-3, 4-7, 8-15);
 * __free_one_page() merges a freed frame with its buddy (frame ^ 1 << order) while that is free at the
 * same order.
 */
class FreeAreaTest {
    private static long[] buddyinfo(Pages p, int zone) {
        long[] b = new long[5];
        for (int o = 0; o < b.length; o++) {
            b[o] = p.freeBlocks(zone, o);
        }
        return b;
    }

    @Test
    void splitsTheSmallestBlockAndMergesBuddiesBack() {
        Pages p = new Pages(new int[] {16});
        assertThat(buddyinfo(p, 0)).containsExactly(0, 0, 0, 0, 1);
        assertThat(p.alloc(0)).isZero();
        assertThat(buddyinfo(p, 0)).containsExactly(1, 1, 1, 1, 0);
        assertThat(p.alloc(0)).isEqualTo(1);
        assertThat(p.alloc(0, 1)).isEqualTo(2); // the order-1 block 2-3
        assertThat(buddyinfo(p, 0)).containsExactly(0, 0, 1, 1, 0);
        assertThat(p.alloc(0, 3)).isEqualTo(8);
        assertThat(p.alloc(0, 3)).isEqualTo(Pages.NIL); // only 4-7 left
        assertThat(p.nrFree(0)).isEqualTo(4);

        p.free(1); // buddy 0 in use
        assertThat(buddyinfo(p, 0)).containsExactly(1, 0, 1, 0, 0);
        p.free(0); // 0-1 at order 1; its buddy 2-3 in use
        assertThat(buddyinfo(p, 0)).containsExactly(0, 1, 1, 0, 0);
        assertThat(p.freeAtOrAbove(0, 1)).isEqualTo(6);
        p.free(3);
        p.free(2); // 2-3, then 0-3, then 0-7; 8-15 in use
        assertThat(buddyinfo(p, 0)).containsExactly(0, 0, 0, 1, 0);
        for (int id = 8; id < 16; id++) {
            p.free(id);
        }
        assertThat(buddyinfo(p, 0)).containsExactly(0, 0, 0, 0, 1);
        assertThat(p.nrFree(0)).isEqualTo(16);
    }

    @Test
    void aZoneIsHandedOverInAlignedBlocksAndTheSmallestIsTakenFirst() {
        Pages p = new Pages(new int[] {4, 12}); // zone 1: frames 4-15, an order-3 block (4-11) and an order-2 one (12-15)
        assertThat(buddyinfo(p, 1)).containsExactly(0, 0, 1, 1, 0);
        assertThat(p.alloc(1)).isEqualTo(12);
        assertThat(p.alloc(1, 3)).isEqualTo(4);
        assertThat(p.zoneOf(12)).isEqualTo(1);
        p.free(12); // buddy 13 free at order 0, then 14-15 at order 1: 12-15 again; never merged with zone 0
        assertThat(buddyinfo(p, 1)).containsExactly(0, 0, 1, 0, 0);
        assertThat(buddyinfo(p, 0)).containsExactly(0, 0, 1, 0, 0);
    }

    /** peekSmallest() names the frame the next order-0 allocation takes, and takes nothing. */
    @Test
    void peekNamesTheNextFrameWithoutTakingIt() {
        Pages p = new Pages(new int[] {64});
        FreeArea area = new FreeArea(p, new int[] {0, 64});
        area.freeZone(0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        java.util.List<Integer> held = new java.util.ArrayList<>();
        for (int step = 0; step < 500; step++) {
            if (held.isEmpty() || (held.size() < 64 && r.nextBoolean())) {
                int next = area.peekSmallest(0);
                assertThat(area.peekSmallest(0)).isEqualTo(next);
                assertThat(area.rmqueueSmallest(0, 0)).isEqualTo(next);
                held.add(next);
            } else {
                area.freeOne(0, held.remove(r.nextInt(held.size())), 0);
            }
        }
        while (area.peekSmallest(0) != Pages.NIL) {
            area.rmqueueSmallest(0, 0);
        }
        assertThat(area.rmqueueSmallest(0, 0)).isEqualTo(Pages.NIL);
    }
}
