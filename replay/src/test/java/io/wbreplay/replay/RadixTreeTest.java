package io.wbreplay.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.mm.RadixNodePool;
import io.wbreplay.replay.mm.RadixTree;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RadixTreeTest {
    /** Random inserts, tags and deletes agree with a TreeMap/TreeSet model. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void agreesWithSortedModel(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        RadixNodePool pool = new RadixNodePool();
        RadixTree t = new RadixTree(pool);
        TreeMap<Long, Integer> present = new TreeMap<>();
        TreeSet<Long> dirty = new TreeSet<>();
        long range = seed % 2 == 0 ? 5000 : 1L << 40;
        for (int step = 0; step < 20000; step++) {
            long i = r.nextLong(range);
            int op = r.nextInt(4);
            if (op == 0 && !present.containsKey(i)) {
                t.insert(i, step);
                present.put(i, step);
            } else if (op == 1 && present.containsKey(i)) {
                t.delete(i);
                present.remove(i);
                dirty.remove(i);
            } else if (op == 2 && present.containsKey(i)) {
                t.setTag(i, RadixTree.TAG_DIRTY);
                dirty.add(i);
            } else if (op == 3 && present.containsKey(i)) {
                t.clearTag(i, RadixTree.TAG_DIRTY);
                dirty.remove(i);
            }
            long q = r.nextLong(range);
            Long expectDirty = dirty.ceiling(q);
            assertThat(t.nextTagged(q, RadixTree.TAG_DIRTY)).isEqualTo(expectDirty == null ? -1 : expectDirty);
            if (expectDirty != null) {
                assertThat(t.foundPage()).isEqualTo(present.get(expectDirty));
                // and on from there, as write_cache_pages() walks (in the leaf found last, or past it)
                Long after = dirty.higher(expectDirty);
                assertThat(t.nextTagged(expectDirty + 1, RadixTree.TAG_DIRTY)).isEqualTo(after == null ? -1 : after);
                if (after != null) {
                    assertThat(t.foundPage()).isEqualTo(present.get(after));
                }
            }
            long[] ahead = {q, i, q + 1};
            int[] found = new int[ahead.length];
            t.prefetch(ahead, ahead.length, found);
            assertThat(found).containsExactly(present.getOrDefault(q, -1), present.getOrDefault(i, -1),
                    present.getOrDefault(q + 1, -1));
            Long expectPresent = present.ceilingKey(q);
            assertThat(t.nextPresent(q)).isEqualTo(expectPresent == null ? -1 : expectPresent);
            assertThat(t.lookup(q)).isEqualTo(present.getOrDefault(q, -1));
            // the dirty pages from q to the end of q's leaf node (64 indexes), in index order
            long leafEnd = q - q % RadixTree.LEAF_SLOTS + RadixTree.LEAF_SLOTS - 1;
            int[] leaf = new int[RadixTree.LEAF_SLOTS];
            int n = t.leafTagged(q, RadixTree.TAG_DIRTY, leaf);
            assertThat(java.util.Arrays.copyOf(leaf, n)).containsExactly(
                    dirty.subSet(q, true, leafEnd, true).stream().mapToInt(present::get).toArray());
        }
        assertThat(t.size()).isEqualTo(present.size());
        assertThat(t.tagged(RadixTree.TAG_DIRTY)).isEqualTo(dirty.size());
        for (Long i : present.keySet().toArray(new Long[0])) {
            t.delete(i);
        }
        assertThat(pool.liveNodes()).isZero();
    }
}
