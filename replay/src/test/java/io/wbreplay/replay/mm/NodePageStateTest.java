package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * mm/vmstat.c's per-CPU node counters, worked by hand from calculate_normal_threshold() and
 * __mod_node_page_state().
 */
class NodePageStateTest {
    private static final long S = 1_000_000_000L;
    /** The recordings' machine: DMA 3,840, DMA32 772,818 and Normal 5,394,258 managed pages. */
    private static final long[] RECORDED = {3840, 772818, 5394258};

    /**
     * 2 CPUs: Normal is 5,394,258 >> 15 = 164 units of 128 MiB, fls 8, so 2 x fls(2) x (1 + 8) = 36;
     * DMA32 772,818 >> 15 = 23, fls 5: 24; DMA 0 units: 4. The node's is the largest, 36 (one CPU: 18;
     * 1,024 CPUs: 2 x 11 x 9 = 198, held to 125).
     */
    @Test
    void theThresholdIsCalculateNormalThresholdOfTheLargestZone() {
        assertThat(NodePageState.normalThreshold(2, 5394258)).isEqualTo(36);
        assertThat(NodePageState.normalThreshold(2, 772818)).isEqualTo(24);
        assertThat(NodePageState.normalThreshold(2, 3840)).isEqualTo(4);
        assertThat(new NodePageState(2, RECORDED).threshold()).isEqualTo(36);
        assertThat(new NodePageState(1, RECORDED).threshold()).isEqualTo(18);
        assertThat(NodePageState.normalThreshold(1024, 5394258)).isEqualTo(125);
    }

    /**
     * Threshold 36. A batch of 32 isolated on each CPU stays in the CPUs' deltas: the reader sees 0.
     * A second batch on CPU 0 makes its delta 64 > 36: folded, 64 seen. Putting one batch back on CPU 0
     * leaves its delta at -32, unseen: still 64 where 64 are isolated; the fold at 1 s
     * adds both CPUs' deltas (-32 and +32): 64, now exact. A change of -40 on CPU 1 passes the threshold
     * at once: 24, and a value below 0 reads 0.
     */
    @Test
    void deltasBelowTheThresholdWaitForTheFold() {
        NodePageState n = new NodePageState(2, RECORDED);
        Object cpu0 = new Object();
        Object cpu1 = new Object();
        n.mod(cpu0, 32, 0);
        n.mod(cpu1, 32, 0);
        assertThat(n.read(0)).isZero();
        n.mod(cpu0, 32, 10);
        assertThat(n.read(10)).isEqualTo(64);
        n.mod(cpu0, -32, 20);
        assertThat(n.read(20)).isEqualTo(64);
        assertThat(n.read(S)).isEqualTo(64);
        n.mod(cpu1, -40, S + 1);
        assertThat(n.read(S + 1)).isEqualTo(24);
        n.mod(cpu1, -30, S + 2); // delta -30, unseen
        n.mod(cpu0, -40, S + 3); // -40 folded: 24 - 40 < 0
        assertThat(n.read(S + 3)).isZero();
        assertThat(n.read(2 * S)).isZero(); // -16 - 30 after the fold: still below 0
    }
}
