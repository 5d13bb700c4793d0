package io.wbreplay.replay;

import io.wbreplay.replay.driver.Machine;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.EventLoop;
import java.util.function.Consumer;

/**
 * Test fixture: a small {@link Kernel} or whole {@link Machine} (memory and tunables as a test sets them) on a test block queue,
 * and pages put straight into its page cache, as the tests of reclaim, writeback and hazards start.
 */
public final class SmallKernel {
    private SmallKernel() {
    }

    /**
     * A whole machine (kernel, flusher, strategy, kswapd; not started) of {@code memoryBytes} on
     * {@code queue}, with {@code tweak} applied to the defaults.
     */
    public static Machine machine(EventLoop loop, BlockQueue queue, long memoryBytes, Consumer<CoreConfig> tweak) {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = memoryBytes;
        tweak.accept(c);
        return new Machine(c, loop, queue);
    }

    /**
     * Makes a 4.8+ configuration's memory one zone, for tests whose arithmetic is that of one zone's
     * watermarks (the zones' own rules: NodeZonesTest). Call after setting the memory.
     */
    public static void oneZone(CoreConfig c) {
        c.zones = io.wbreplay.replay.mm.ZoneSizesInit.parse(String.valueOf(c.memoryBytes / 4096));
    }

    /** The kernel of {@link #machine}. */
    public static Kernel build(EventLoop loop, BlockQueue queue, long memoryBytes, Consumer<CoreConfig> tweak) {
        return machine(loop, queue, memoryBytes, tweak).kernel;
    }

    /** A kernel of {@code memoryBytes} with the default tunables on {@code queue}. */
    public static Kernel build(EventLoop loop, BlockQueue queue, long memoryBytes) {
        return build(loop, queue, memoryBytes, c -> { });
    }

    /**
     * Page {@code index} of {@code inode}, allocated and added to the page cache and its LRU, marked
     * up to date and dirtied (at time 0) if asked, then unlocked.
     */
    public static int page(Kernel k, Inode inode, long index, boolean uptodate, boolean dirty) {
        int p = k.pages.alloc();
        k.cache.addToPageCacheLru(p, inode, index);
        if (uptodate) {
            k.pages.set(p, Pages.PG_uptodate);
        }
        if (dirty) {
            k.cache.setPageDirty(p, 0);
        }
        k.cache.unlockPage(p);
        return p;
    }

    /** A dirty, up-to-date, unlocked page {@code index} of {@code inode}. */
    public static int dirtyPage(Kernel k, Inode inode, long index) {
        return page(k, inode, index, true, true);
    }
}
