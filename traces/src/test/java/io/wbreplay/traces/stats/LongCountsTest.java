package io.wbreplay.traces.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongCountsTest {
    @Test
    void countsInOrderOfFirstAppearance() {
        LongCounts c = new LongCounts();
        for (long v : new long[] {7, 0, 7, Long.MAX_VALUE, 0, 7, -3}) {
            c.increment(v);
        }
        assertThat(c.size()).isEqualTo(4);
        assertThat(new long[] {c.key(0), c.key(1), c.key(2), c.key(3)}).containsExactly(7, 0, Long.MAX_VALUE, -3);
        assertThat(c.count(7)).isEqualTo(3);
        assertThat(c.count(0)).isEqualTo(2);
        assertThat(c.count(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(c.count(-3)).isEqualTo(1);
        assertThat(c.count(8)).isZero();
    }

    @Test
    void aQueryBetweenIncrementsSeesEveryOneBeforeIt() {
        SplittableRandom random = new SplittableRandom(9);
        LongCounts c = new LongCounts();
        Map<Long, Long> expected = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            long v = random.nextLong(100);
            c.increment(v);
            expected.merge(v, 1L, Long::sum);
            if (i % 7 == 3) { // not at a multiple of the batch
                assertThat(c.count(v)).isEqualTo(expected.get(v));
                assertThat(c.size()).isEqualTo(expected.size());
            }
        }
    }

    @Test
    void agreesWithAMapThroughManyRehashes() {
        // multiples of 8, as 4 KiB-aligned seek distances are: the hash must spread them
        SplittableRandom random = new SplittableRandom(5);
        LongCounts c = new LongCounts();
        Map<Long, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long v = random.nextLong(50_000) * 8;
            c.increment(v);
            expected.merge(v, 1L, Long::sum);
        }
        assertThat(c.size()).isEqualTo(expected.size());
        int i = 0;
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            assertThat(c.key(i++)).isEqualTo(e.getKey());
            assertThat(c.count(e.getKey())).isEqualTo(e.getValue());
        }
        Map<Long, Long> visited = new HashMap<>();
        c.forEach((key, count) -> assertThat(visited.put(key, count)).isNull());
        assertThat(visited).isEqualTo(expected);
    }
}
