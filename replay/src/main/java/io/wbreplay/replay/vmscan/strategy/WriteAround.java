package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.mm.FindLockPage;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutIo;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ScanControl;

/**
 * {@code write-around}, the older version Andrew Morton describes (2.5-era vm writeback): with the
 * reclaimed page locked, write the contiguous dirty pages before and after it too, within the aligned
 * window of {@link io.wbreplay.replay.CoreConfig#writeAroundPages} that contains it. The neighbours are
 * taken with a blocking lock_page() while the target's lock is held: first downwards from the target
 * (a lower index after a higher one, the order btrfs' ascending lock_delalloc_pages() deadlocks
 * against), then upwards. Like write_cache_pages() it then records where writeback got to in
 * mapping->writeback_index, but by then every page has been unlocked and reclaim holds no inode
 * reference: the mapping is touched unpinned (a use-after-free if the inode was evicted meanwhile,
 * e.g. while reclaim slept for a request).
 */
public final class WriteAround implements ReclaimWritebackStrategy {
    public static final String NAME = "write-around";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        return new Around(ctx);
    }

    private static final class Around implements Pageout {
        private enum Phase { BACK, FORWARD, WRITE }

        private final ReclaimContext ctx;
        private final Task task;
        private final PageoutIo io;
        private int[] locked = new int[64];
        private Phase phase;
        private Inode inode;
        private int target;
        private long lo;
        private long hi;
        private long next;
        private int nBefore;
        private int nAfter;
        private final FindLockPage findLock;

        Around(ReclaimContext ctx) {
            this.ctx = ctx;
            this.task = ctx.task();
            this.io = ctx.newPageoutIo();
            this.findLock = new FindLockPage(ctx.cache(), ctx.pages(), task);
        }

        @Override
        public PageoutResult pageout(int page, ScanControl sc) {
            if (!ctx.mayWrite(sc)) {
                return PageoutResult.KEEP;
            }
            int window = ctx.config().writeAroundPages;
            if (locked.length < window) {
                locked = new int[window];
            }
            inode = ctx.cache().inodeOf(page);
            target = page;
            long index = ctx.pages().index(page);
            lo = index - Math.floorMod(index, (long) window);
            hi = lo + window - 1;
            nBefore = 0;
            nAfter = 0;
            next = index - 1;
            findLock.reset();
            phase = Phase.BACK;
            return resume(sc);
        }

        @Override
        public PageoutResult resume(ScanControl sc) {
            while (true) {
                switch (phase) {
                    case BACK: {
                        int p = next >= lo ? lockNeighbour() : FindLockPage.END;
                        if (p == FindLockPage.ASLEEP) {
                            return PageoutResult.SLEEP;
                        }
                        if (p != FindLockPage.END) {
                            locked[nBefore++] = p;
                            next--;
                            continue;
                        }
                        next = ctx.pages().index(target) + 1;
                        phase = Phase.FORWARD;
                        continue;
                    }
                    case FORWARD: {
                        int p = next <= hi ? lockNeighbour() : FindLockPage.END;
                        if (p == FindLockPage.ASLEEP) {
                            return PageoutResult.SLEEP;
                        }
                        if (p != FindLockPage.END) {
                            locked[nBefore + nAfter++] = p;
                            next++;
                            continue;
                        }
                        io.start(inode, IoOrigin.RECLAIM);
                        for (int i = nBefore - 1; i >= 0; i--) {
                            io.add(locked[i]);
                        }
                        io.add(target);
                        for (int i = 0; i < nAfter; i++) {
                            io.add(locked[nBefore + i]);
                        }
                        phase = Phase.WRITE;
                        continue;
                    }
                    default:
                        if (!io.step()) {
                            return PageoutResult.SLEEP;
                        }
                        // write_cache_pages()' epilogue, with nothing pinning the mapping any more
                        ctx.hazards().touchMapping(task, inode, "mapping->writeback_index update");
                        inode.mapping.writebackIndex = ctx.pages().index(target) + nAfter + 1;
                        return PageoutResult.SUCCESS;
                }
            }
        }

        /** lock_page() on the dirty page at {@code next}: see {@link FindLockPage#lockDirty}. */
        private int lockNeighbour() {
            ctx.hazards().touchMapping(task, inode, "write-around lookup");
            return findLock.lockDirty(inode, next);
        }
    }
}
