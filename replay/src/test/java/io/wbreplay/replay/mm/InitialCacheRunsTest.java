package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The initial cache's runs among the pinned memory, worked by hand. */
class InitialCacheRunsTest {
    /**
     * Smooth weighted round robin over runs of 1,273, 1,082, 1,566, 274 and 59 (the hog-only
     * measurement's runs of exactly 16 frames) of orders 0-4, 4,254 in all: each step adds every weight to its credit, takes the largest and takes 4,254
     * from it. Credits after step 1: 1,273 1,082 -2,688 274 59; step 2 takes order 0 (2,546), step 3
     * order 1 (3,246), step 4 order 2 (2,010), 5 order 0 (2,111), 6 order 1 (2,238), 7 order 2
     * (2,454), 8 order 3 (2,192). Over 4,254 steps each order comes as often as it was measured.
     */
    @Test
    void ordersComeInTheMeasuredProportions() {
        InitialCacheRuns runs = new InitialCacheRuns(new int[] {1273, 1082, 1566, 274, 59});
        int[] first = new int[8];
        int[] count = new int[5];
        for (int i = 0; i < 4254; i++) {
            int o = runs.nextOrder();
            if (i < 8) {
                first[i] = o;
            }
            count[o]++;
        }
        assertThat(first).containsExactly(2, 0, 1, 2, 0, 1, 2, 3);
        assertThat(count).containsExactly(1273, 1082, 1566, 274, 59);
    }

    /**
     * A zone of 4,096 frames, 2,048 pinned (a fresh buddy allocator hands them out in ascending order:
     * frames 0-2,047). An order-2 block taken a quarter of the way through them is 512-515;
     * pinning back to 2,048 takes 2,048-2,051, the smallest free block's first frames. Freed, the block
     * is a free block of order 2 whose buddy (516-519) the hog holds: it cannot merge. The free
     * frames above are 2,052-4,095: blocks of order 2 (2,052), 3 (2,056), 4, 5, 6, 7, 8, 9 (2,560) and
     * 10 (3,072), so two free blocks of order 2 in all.
     */
    @Test
    void aBlockTakenFromThePinnedMemoryLeavesAHoleWhenFreed() {
        Pages pages = new Pages(new int[] {4096});
        Zone zone = Zone.nodeZones(pages, new Zone(pages, true, 128))[0];
        zone.setPinned(2048);
        int block = zone.takePinned(2, 0.25);
        assertThat(block).isEqualTo(512);
        assertThat(zone.owed()).isEqualTo(4);
        zone.setPinned(2048);
        assertThat(zone.owed()).isZero();
        assertThat(pages.test(2051, Pages.PG_anon)).isTrue();
        for (int i = 0; i < 4; i++) {
            pages.free(block + i);
        }
        assertThat(pages.freeBlockOrder(512)).isEqualTo(2);
        assertThat(pages.freeBlocks(0, 2)).isEqualTo(2);
        assertThat(pages.freeBlockOrder(2052)).isEqualTo(2);
        assertThat(pages.freeBlockOrder(2560)).isEqualTo(9);
        assertThat(pages.freeBlocks(0, 10)).isEqualTo(1);
    }
}
