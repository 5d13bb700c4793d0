package io.wbreplay.replay.driver;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.mm.GetPageFromFreelist;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.PageAllocator;
import io.wbreplay.replay.vmscan.Pgdat;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.strategy.ReclaimStrategies;
import io.wbreplay.replay.writeback.BdiWriteback;
import io.wbreplay.replay.writeback.DirtyThrottle;
import io.wbreplay.traces.synth.MemoryHogSchedule;

/**
 * init/main.c start_kernel() for the model: builds the machine layer by layer on one block queue: the
 * shared state ({@link Kernel}), the flusher ({@link BdiWriteback}), the configured reclaim writeback
 * strategy, and the node's reclaim with kswapd ({@link Pgdat}); {@link #start} starts the threads and
 * the memory hog. The one place that knows every layer.
 */
public final class Machine {
    public final Kernel kernel;
    public final ReclaimWritebackStrategy strategy;
    public final BdiWriteback bdi;
    public final Pgdat pgdat;

    public Machine(CoreConfig config, EventLoop loop, BlockQueue queue) {
        this.kernel = new Kernel(config, loop, queue);
        this.strategy = ReclaimStrategies.create(config.strategy);
        this.bdi = new BdiWriteback(kernel);
        this.pgdat = new Pgdat(kernel, bdi, strategy);
        kernel.cache.setDirtier(bdi);
    }

    /**
     * Fills the initial page cache, starts the flusher and kswapd and schedules the memory hog's steps.
     * From 4.8 memory pinned from the start is in place first, so that the cache goes to the zones the
     * allocator would have put it in.
     */
    public void start() {
        MemoryHogSchedule hog = kernel.config.hog;
        Zone zone = kernel.zone;
        Zone[] zones = kernel.zones;
        boolean nodeZones = zones != null && !kernel.perZoneLru;
        if (nodeZones && hog.steps() > 0 && hog.timeNs(0) == 0) {
            kernel.setPinned(hog.pinnedBytes(0) / Zone.PAGE_SIZE);
        }
        kernel.populateInitialCache();
        if (kernel.config.kernel.reclaimReadsFlushedMemcgStats()) {
            kernel.cache.lru.flushStatsPeriodically(kernel.loop, kernel.config.memcgStatReadNs);
        }
        bdi.start();
        pgdat.kswapd.start();
        if (pgdat.kcompactd != null) {
            pgdat.kcompactd.start();
        }
        if (nodeZones && kernel.config.kernel.boostsWatermarks()) {
            FragmentingFallbacks.schedule(kernel, pgdat.kswapd, kernel.config.fallbacksPerS);
        }
        for (int i = 0; i < hog.steps(); i++) {
            long pinnedPages = hog.pinnedBytes(i) / Zone.PAGE_SIZE;
            kernel.loop.at(hog.timeNs(i), now -> {
                kernel.setPinned(pinnedPages);
                if (nodeZones) { // the hog's allocations: the slow path once no zone passes low + lowmem_reserve
                    int top = GetPageFromFreelist.highestZoneidx(zones);
                    if (GetPageFromFreelist.zone(zones, top, Zone::lowWmark) < 0) {
                        pgdat.kswapd.wakeAll(top, 0);
                    }
                } else if (zone.freePages() <= zone.lowWmark()) {
                    pgdat.kswapd.wake();
                }
            });
        }
    }

    /** The page allocator of {@code task}'s page-cache allocations (with direct reclaim). */
    public PageAllocator pageAllocator(Task task) {
        return new PageAllocator(pgdat, task);
    }

    /** balance_dirty_pages() for {@code task}. */
    public DirtyThrottle dirtyThrottle(Task task) {
        return new DirtyThrottle(kernel, bdi, task);
    }
}
