package io.wbreplay.bench;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.writeback.SyncMode;
import io.wbreplay.replay.writeback.WriteCachePages;
import io.wbreplay.replay.writeback.WritebackControl;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * write_cache_pages() over one large dirty inode: {@code dirtyPages} pages, every {@code stride}-th
 * page of the file dirty (stride 1: contiguous, so bios grow to max_sectors; stride 2: one page per
 * bio), written back in one WB_SYNC_NONE walk. Per page: find the next DIRTY tag, lock, clear dirty,
 * set writeback, add to the bio; per bio: submit to a block layer that completes it at once, which
 * ends the pages' writeback. The inode is dirtied again before each operation, outside the timing.
 * The secondary result {@code pages} is pages written back per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh WriteCachePagesBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class WriteCachePagesBenchmark {
    @Param({"262144"})
    int dirtyPages;

    @Param({"1", "2"})
    int stride;

    private Kernel kernel;
    private Inode inode;
    private WriteCachePages writer;
    private final WritebackControl wbc = new WritebackControl();

    /** Pages written back, as a rate per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Written {
        public long pages;
    }

    @Setup(Level.Trial)
    public void cache() {
        EventLoop loop = new EventLoop();
        CoreConfig c = new CoreConfig();
        c.memoryBytes = ((long) dirtyPages + 1024) * 4096;
        kernel = new Kernel(c, loop, new CompleteAtOnce(loop));
        inode = kernel.newFileInode();
        for (int i = 0; i < dirtyPages; i++) {
            int page = kernel.pages.alloc();
            kernel.cache.addToPageCacheLru(page, inode, (long) i * stride);
            kernel.pages.set(page, Pages.PG_uptodate);
            kernel.cache.unlockPage(page);
        }
        writer = new WriteCachePages(kernel, new Task(loop, "flusher", 1) {
            @Override
            protected void run(long nowNs) {
                throw new IllegalStateException("write_cache_pages slept with no contention");
            }
        });
    }

    @Setup(Level.Invocation)
    public void dirty() {
        for (int i = 0; i < dirtyPages; i++) {
            kernel.cache.setPageDirty(inode.mapping.find((long) i * stride), 0);
        }
    }

    @Benchmark
    public long writeInode(Written written) {
        wbc.reset();
        wbc.syncMode = SyncMode.WB_SYNC_NONE;
        wbc.nrToWrite = Long.MAX_VALUE;
        wbc.origin = IoOrigin.FLUSHER_BACKGROUND;
        writer.start(inode, wbc);
        if (!writer.step()) {
            throw new IllegalStateException("write_cache_pages did not finish");
        }
        written.pages += writer.written();
        return writer.written();
    }

    /** A block layer whose device completes every bio as it is submitted. */
    private record CompleteAtOnce(EventLoop loop) implements BlockQueue {
        @Override
        public boolean submitBio(Task task, Bio bio) {
            bio.endIo.endIo(bio, loop.now());
            return true;
        }

        @Override
        public void startPlug(Task task) {
        }

        @Override
        public void finishPlug(Task task) {
        }

        @Override
        public boolean writeCongested() {
            return false;
        }

        @Override
        public int maxSectors() {
            return 1024;
        }
    }
}
