package io.wbreplay.bench;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import java.util.Locale;

/** The simulated machines and file sizes the replay benchmarks run on. */
enum ReplayScenario {
    /**
     * 1 GiB of memory and a 64 MiB file: the page cache holds everything and the flusher writes in
     * the background (kupdate every 30 s, full-sized sequential requests). The plain replay target.
     */
    FITS(1024, 64, 20, 0),
    /**
     * 256 MiB of memory and a 1 GiB file, vm.dirty_ratio 40 (background 20), and a memory hog
     * growing to 192 MiB in 8 steps over the first 16 s: the working set is four times memory, kswapd
     * and direct reclaim run throughout, and reclaim meets dirty pages at the LRU tail, which is where
     * the reclaim writeback strategies differ. (With the default ratios and no hog the flusher cleans
     * every page before reclaim reaches it, and all strategies do the same.)
     */
    PRESSURE(256, 1024, 40, 192);

    private static final long HOG_STEP_NS = 2_000_000_000L;
    private static final int HOG_STEPS = 8;

    private final long memoryMib;
    private final long fileMib;
    private final int dirtyRatio;
    private final long hogMib;

    ReplayScenario(long memoryMib, long fileMib, int dirtyRatio, long hogMib) {
        this.memoryMib = memoryMib;
        this.fileMib = fileMib;
        this.dirtyRatio = dirtyRatio;
        this.hogMib = hogMib;
    }

    /** The scenario called {@code name} ({@code fits}, {@code pressure}). */
    static ReplayScenario byName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    long fileBytes() {
        return fileMib << 20;
    }

    /** The machine, reclaiming with {@code strategy}. */
    CoreConfig config(String strategy) {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = memoryMib << 20;
        c.dirtyRatio = dirtyRatio;
        c.dirtyBackgroundRatio = dirtyRatio / 2;
        c.strategy = strategy;
        if (hogMib > 0) {
            c.hog = MemoryHogSchedule.growing(hogMib << 20, HOG_STEPS * HOG_STEP_NS, HOG_STEPS);
        }
        return c;
    }
}
