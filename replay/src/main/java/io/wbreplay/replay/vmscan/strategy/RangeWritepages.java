package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.hazard.LockClass;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.TruncateInodePages;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ScanControl;
import io.wbreplay.replay.writeback.SyncMode;
import io.wbreplay.replay.writeback.WriteCachePages;
import io.wbreplay.replay.writeback.WritebackControl;
import java.util.Arrays;

/**
 * {@code range-writepages} (Mel Gorman, "vmscan: Write out ranges of pages contiguous to the inode
 * where possible", June 2010): the dirty pages of a reclaim batch stay locked on a list
 * (clean_page_list()); at the end of the batch, mapping by mapping in batch order, reclaim takes
 * igrab(inode), unlocks that mapping's pages and calls ->writepages once per run of contiguous indices
 * among them, marks those now under writeback PG_reclaim, then iput(). Pages of mappings not yet reached stay locked meanwhile. The iput() can be
 * the final one when the file was unlinked and closed during reclaim: iput_final() then evicts the
 * inode in reclaim context (truncating its pages under the inode lock), which Andrew Morton objected to.
 */
public final class RangeWritepages implements ReclaimWritebackStrategy {
    public static final String NAME = "range-writepages";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        return new CleanPageList(ctx);
    }

    private static final class CleanPageList implements Pageout {
        private enum Phase { NEXT_MAPPING, NEXT_RUN, WRITE, IPUT, EVICT }

        private final ReclaimContext ctx;
        private final Task task;
        private final WriteCachePages writer;
        private final WritebackControl wbc = new WritebackControl();
        private final TruncateInodePages evict;
        private final int[] pending = new int[ScanControl.SWAP_CLUSTER_MAX];
        private final long[] runIndex = new long[ScanControl.SWAP_CLUSTER_MAX];
        private final int[] group = new int[ScanControl.SWAP_CLUSTER_MAX];
        /** (first, last) index of each run of consecutive indices of the current mapping. */
        private final long[] runs = new long[2 * ScanControl.SWAP_CLUSTER_MAX];
        private int nPending;
        private int nRuns;
        private int nGroup;
        private int run;
        private Inode inode;
        private Phase phase = Phase.NEXT_MAPPING;

        CleanPageList(ReclaimContext ctx) {
            this.ctx = ctx;
            this.task = ctx.task();
            this.writer = ctx.newWriteCachePages(task);
            this.evict = new TruncateInodePages(ctx.cache(), task);
        }

        @Override
        public PageoutResult pageout(int page, ScanControl sc) {
            if (!ctx.mayWrite(sc)) {
                return PageoutResult.KEEP;
            }
            return PageoutResult.DEFER;
        }

        @Override
        public boolean finishBatch(ScanControl sc) {
            if (nPending == 0 && phase == Phase.NEXT_MAPPING) {
                nPending = ctx.deferredCount();
                for (int i = 0; i < nPending; i++) {
                    pending[i] = ctx.deferred(i);
                }
            }
            while (true) {
                switch (phase) {
                    case NEXT_MAPPING: {
                        if (nPending == 0) {
                            return true;
                        }
                        if (!takeNextMapping()) {
                            continue;
                        }
                        run = 0;
                        phase = Phase.NEXT_RUN;
                        continue;
                    }
                    case NEXT_RUN: {
                        if (run == nRuns) {
                            phase = Phase.IPUT;
                            continue;
                        }
                        wbc.reset();
                        wbc.syncMode = SyncMode.WB_SYNC_NONE;
                        wbc.forReclaim = true;
                        wbc.origin = IoOrigin.RECLAIM;
                        wbc.pageRange(runStart(run), runEnd(run));
                        ctx.hazards().touchMapping(task, inode, "do_writepages()");
                        writer.start(inode, wbc);
                        phase = Phase.WRITE;
                        continue;
                    }
                    case WRITE: {
                        if (!writer.step()) {
                            return false;
                        }
                        ctx.accountVmscanWrite(writer.written());
                        ctx.accountWritten(IoOrigin.RECLAIM, writer.written());
                        run++;
                        phase = Phase.NEXT_RUN;
                        continue;
                    }
                    case IPUT: {
                        phase = Phase.NEXT_MAPPING;
                        for (int i = 0; i < nGroup; i++) { // as shrink_page_list() marks pages it finds under writeback
                            int p = group[i];
                            if (ctx.pages().mapping(p) == inode.ino && ctx.pages().test(p, Pages.PG_writeback)) {
                                ctx.pages().set(p, Pages.PG_reclaim);
                            }
                        }
                        if (ctx.hazards().iput(task, inode)) { // iput_final() in reclaim
                            ctx.iputFinal(task, inode);
                            ctx.hazards().acquire(task, LockClass.I_MUTEX);
                            if (inode.list() != null) {
                                inode.list().remove(inode);
                            }
                            evict.start(inode, 0);
                            phase = Phase.EVICT;
                        }
                        continue;
                    }
                    case EVICT: {
                        if (!evict.step()) {
                            return false;
                        }
                        ctx.cache().evictDone(inode);
                        ctx.hazards().release(task, LockClass.I_MUTEX);
                        phase = Phase.NEXT_MAPPING;
                        continue;
                    }
                    default:
                        throw new IllegalStateException(phase.toString());
                }
            }
        }

        /**
         * Takes the pages of the first pending page's mapping off the pending list, grabs the inode,
         * unlocks them, and splits their indices into runs of consecutive indices. False when the inode could not be grabbed (being freed): its pages are
         * just unlocked.
         */
        private boolean takeNextMapping() {
            Pages pages = ctx.pages();
            int ino = pages.mapping(pending[0]);
            inode = ctx.cache().inodeOf(pending[0]);
            long[] idx = runIndex;
            int n = 0;
            int kept = 0;
            for (int i = 0; i < nPending; i++) {
                int p = pending[i];
                if (pages.mapping(p) == ino) {
                    idx[n] = pages.index(p);
                    group[n++] = p;
                } else {
                    pending[kept++] = p;
                }
            }
            nPending = kept;
            nGroup = n;
            boolean grabbed = ctx.hazards().igrab(task, inode);
            for (int i = 0; i < n; i++) {
                ctx.cache().unlockPage(group[i]);
            }
            if (!grabbed) {
                return false;
            }
            Arrays.sort(idx, 0, n);
            nRuns = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || idx[i] != idx[i - 1] + 1) {
                    runs[2 * nRuns] = idx[i];
                    nRuns++;
                }
                runs[2 * nRuns - 1] = idx[i];
            }
            return true;
        }

        private long runStart(int r) {
            return runs[2 * r];
        }

        private long runEnd(int r) {
            return runs[2 * r + 1];
        }
    }
}
