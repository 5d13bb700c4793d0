package io.wbreplay.traces.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeekTableTest {
    @Test
    void distancesFollowBttSeekDist() {
        SeekTable t = new SeekTable();
        assertThat(t.add(100, 4096)).as("first I/O: its own start sector").isEqualTo(100);
        assertThat(t.add(108, 4096)).as("exactly sequential: start == last end").isZero();
        assertThat(t.add(112, 4096)).as("start inside the last I/O").isZero();
        assertThat(t.add(50, 4096)).as("backward: start - last start").isEqualTo(50 - 112);
        assertThat(t.add(1000, 512)).as("forward: start - last end").isEqualTo(1000 - 58);
        assertThat(t.add(995, 4096)).as("covers the last I/O but neither end lies inside it").isEqualTo(995 - 1000);
        assertThat(t.add(990, 4096)).as("end inside the last I/O").isZero();
    }

    @Test
    void summaryOfHandComputedTable() {
        SeekTable t = new SeekTable();
        // distances 100, 0, 58, 942, 5 (see distancesFollowBttSeekDist)
        t.add(100, 4096);
        t.add(108, 4096);
        t.add(50, 4096);
        t.add(1000, 512);
        t.add(995, 4096);
        SeekSummary s = t.summary();
        assertThat(s.nseeks()).isEqualTo(5);
        assertThat(s.mean()).isEqualTo((100 + 0 + 58 + 942 + 5) / 5.0);
        // The red-black tree after inserting 100, 0, 58, 942, 5 is 58(0(-, 5), 100(-, 942)).
        // Median: pre-order search for a bucket holding >= 5/2 = 2 seeks: none, so btt prints 0.
        assertThat(s.median()).isZero();
        // Mode: every count is 1; post-order visits 5, 0, 942, 100, 58.
        assertThat(s.modeCount()).isEqualTo(1);
        assertThat(s.nmodes()).isEqualTo(5);
        assertThat(s.modes()).containsExactly(5, 0, 942, 100, 58);
        assertThat(s.modeText()).isEqualTo("5(1) ...(4 more)");
        assertThat(s.meanText()).isEqualTo("221.0");
    }

    @Test
    void medianIsTheFirstBucketInPreOrderHoldingHalfTheSeeks() {
        SeekTable t = new SeekTable();
        // sequential 8-sector writes from 0: distances 0 x4; then a jump of 1000 and 8 more sequential
        for (int i = 0; i < 4; i++) {
            t.add(i * 8L, 4096);
        }
        t.add(32 + 1000, 4096);
        SeekSummary s = t.summary();
        // buckets: 0 -> 4, 1000 -> 1; target 5/2 = 2: the root (0) holds 4
        assertThat(s.median()).isZero();
        assertThat(s.mode()).isZero();
        assertThat(s.modeCount()).isEqualTo(4);
        assertThat(s.nmodes()).isEqualTo(1);
        assertThat(s.modeText()).isEqualTo("0(4)");
    }

    @Test
    void twoTiedModesArePrintedSideBySide() {
        SeekTable t = new SeekTable();
        t.add(10, 512); // 10 (range 10..11)
        t.add(21, 512); // 21 - 11 = 10
        t.add(42, 512); // 42 - 22 = 20
        t.add(63, 512); // 63 - 43 = 20
        SeekSummary s = t.summary();
        // tree: 10 (root, count 2) with right child 20 (count 2); post-order: 20, then 10
        assertThat(s.modes()).containsExactly(20, 10);
        assertThat(s.modeText()).isEqualTo("20(2) 10");
        // target 4/2 = 2: the root already holds 2
        assertThat(s.median()).isEqualTo(10);
        assertThat(s.meanText()).isEqualTo("15.0");
    }

    @Test
    void meanRoundsLikePrintf() {
        SeekTable t = new SeekTable();
        t.add(1, 0); // 1
        t.add(1, 0); // 0 (same place)
        t.add(2, 0); // 1
        t.add(2, 0); // 0 -> mean 0.5, and 0.25 after 4 more zeros: exercise ties-to-even
        t.add(2, 0);
        t.add(2, 0);
        t.add(2, 0);
        t.add(2, 0);
        assertThat(t.summary().mean()).isEqualTo(0.25);
        assertThat(t.summary().meanText()).as("printf(\"%.1lf\", 0.25) is 0.2").isEqualTo("0.2");
    }

    @Test
    void emptyTable() {
        assertThat(new SeekTable().summary()).isEqualTo(SeekSummary.EMPTY);
        assertThat(SeekSummary.EMPTY.nseeks()).isZero();
    }
}
