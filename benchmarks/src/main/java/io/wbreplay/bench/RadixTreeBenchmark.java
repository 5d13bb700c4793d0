package io.wbreplay.bench;

import io.wbreplay.replay.mm.RadixNodePool;
import io.wbreplay.replay.mm.RadixTree;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The page cache's index of one mapping (lib/radix-tree.c) holding {@code pages} pages, one page in
 * {@code dirtyEvery} tagged dirty, at random indices (the access pattern of a random writer):
 * <ul>
 * <li>{@code lookup}: find_get_page() of a present page;</li>
 * <li>{@code deleteInsert}: a page leaves (truncate, reclaim) and a new one takes its index
 *     (add_to_page_cache), the tree staying at {@code pages};</li>
 * <li>{@code dirtyTagging}: set then clear the DIRTY tag (set_page_dirty, clear_page_dirty_for_io);</li>
 * <li>{@code nextDirty}: the next DIRTY page at or after an index, as write_cache_pages() asks.</li>
 * </ul>
 * Indices come from a precomputed random permutation, so the random generator is not measured.
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh RadixTreeBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RadixTreeBenchmark {
    @Param({"1048576", "4194304"})
    int pages;

    @Param({"64"})
    int dirtyEvery;

    private RadixTree tree;
    private long[] order;
    private int cursor;

    @Setup(Level.Trial)
    public void fill() {
        SplittableRandom random = new SplittableRandom(5);
        order = new long[pages];
        for (int i = 0; i < pages; i++) { // a random permutation of 0 .. pages-1 (Fisher-Yates)
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        tree = new RadixTree(new RadixNodePool());
        for (int i = 0; i < pages; i++) {
            tree.insert(order[i], i);
            if (order[i] % dirtyEvery == 0) {
                tree.setTag(order[i], RadixTree.TAG_DIRTY);
            }
        }
    }

    private long nextIndex() {
        long index = order[cursor];
        cursor = cursor + 1 == pages ? 0 : cursor + 1;
        return index;
    }

    @Benchmark
    public int lookup() {
        return tree.lookup(nextIndex());
    }

    @Benchmark
    public long deleteInsert() {
        long index = nextIndex();
        int page = tree.lookup(index);
        boolean dirty = tree.hasTag(index, RadixTree.TAG_DIRTY);
        tree.delete(index);
        tree.insert(index, page);
        if (dirty) {
            tree.setTag(index, RadixTree.TAG_DIRTY);
        }
        return index;
    }

    @Benchmark
    public long dirtyTagging() {
        long index = nextIndex();
        if (index % dirtyEvery != 0) { // keep the tree's dirty pages as they were
            tree.setTag(index, RadixTree.TAG_DIRTY);
            tree.clearTag(index, RadixTree.TAG_DIRTY);
        }
        return index;
    }

    @Benchmark
    public long nextDirty() {
        return tree.nextTagged(nextIndex(), RadixTree.TAG_DIRTY);
    }
}
