package io.wbreplay.replay.writeback;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;

/**
 * mm/page-writeback.c balance_dirty_pages_ratelimited() and balance_dirty_pages() for one writer,
 * resumable. Two modes ({@link CoreConfig.Throttle}):
 *
 * <p>IO-less (3.2+): below the freerun ceiling (thresh + bg) / 2 nothing happens; above it the task
 * sleeps pages_dirtied / task_ratelimit, where task_ratelimit = dirty_ratelimit * pos_ratio, pos_ratio
 * = 1 + ((setpoint - dirty) / (limit - setpoint))^3 clamped to [0, 2] with setpoint = (freerun + limit) / 2
 * and limit = the dirty threshold; pauses are capped at 200 ms (MAX_PAUSE). Simplification: there is
 * one bdi, so the bdi position control is left out, and dirty_ratelimit is the smoothed device write
 * bandwidth ({@link WriteBandwidth}) shared by the writers that dirtied pages in the last second
 * instead of the kernel's feedback-estimated balanced rate.
 *
 * <p>Writer writes (2.6.35): every ratelimit_pages dirtied (8 when over the limit), if dirty +
 * writeback exceeds both the threshold's midpoint with background and the threshold, the writer
 * writes 1.5x what it dirtied from the flusher's inode lists itself (writeback_inodes_wb()), then
 * sleeps from one jiffy doubling to HZ/10 until under the threshold or it wrote its chunk.
 */
public final class DirtyThrottle {
    private static final long MAX_PAUSE_NS = 200_000_000L;

    private enum Phase { IDLE, CHECK, WRITE, AFTER_PAUSE }

    private final Kernel k;
    private final BdiWriteback bdi;
    private final Task task;
    private WbWriteback writer;
    private final WbWork work = new WbWork();
    private Phase phase = Phase.IDLE;
    private long nrDirtied;
    private long nrDirtiedPause = 32;
    private long pagesDirtied;
    private long pauseNs;
    private long writeChunk;
    private long pagesWritten;
    private boolean dirtyExceeded;
    private long pauses;

    public DirtyThrottle(Kernel k, BdiWriteback bdi, Task task) {
        this.k = k;
        this.bdi = bdi;
        this.task = task;
        if (k.config.throttle() == CoreConfig.Throttle.WRITER_WRITES) {
            nrDirtiedPause = ratelimitPages();
        }
    }

    /** Pauses taken so far. */
    public long pauses() {
        return pauses;
    }

    /** ratelimit_pages (2.6.35 writeback_set_ratelimit()): total pages / 32, within [16, 1024]. */
    private long ratelimitPages() {
        return Math.max(16, Math.min(1024, k.zone.totalPages() / 32));
    }

    /** Counts a page this task dirtied (balance_dirty_pages_ratelimited()). */
    public void dirtied() {
        nrDirtied++;
    }

    /** True when the task should call {@link #step()} now. */
    public boolean due() {
        return phase != Phase.IDLE || nrDirtied >= (dirtyExceeded && k.config.throttle() == CoreConfig.Throttle.WRITER_WRITES ? 8 : nrDirtiedPause);
    }

    /** Runs balance_dirty_pages(); true when the task may go on, false when it sleeps. */
    public boolean step() {
        if (phase == Phase.IDLE) {
            if (!due()) {
                return true;
            }
            pagesDirtied = nrDirtied;
            pagesWritten = 0;
            pauseNs = Hz.JIFFY_NS;
            phase = Phase.CHECK;
        }
        return k.config.throttle() == CoreConfig.Throttle.IO_LESS ? ioLess() : writerWrites();
    }

    private boolean ioLess() {
        while (true) {
            long nrDirty = k.vmstat.get(VmItem.NR_DIRTY) + k.vmstat.get(VmItem.NR_WRITEBACK);
            long dirtyable = k.dirtyableMemory();
            long bg = DirtyLimits.background(k.config, dirtyable);
            long thresh = DirtyLimits.thresh(k.config, dirtyable);
            long freerun = DirtyLimits.freerun(thresh, bg);
            // after a pause: done once below the hard limit, max(thresh, dirty_limit) (3.2 "nr_dirty <
            // dirty_thresh" after hard_dirty_limit(); 6.x breaks whenever task_ratelimit > 0, i.e. below it)
            if (phase == Phase.AFTER_PAUSE && nrDirty < bdi.domain.hardDirtyLimit(thresh)) {
                return done();
            }
            if (nrDirty <= freerun) {
                nrDirtied = 0;
                nrDirtiedPause = dirtyPollInterval(nrDirty, thresh);
                dirtyExceeded = false;
                phase = Phase.IDLE;
                return true;
            }
            if (!bdi.writebackInProgress()) {
                bdi.startBackgroundWriteback();
            }
            dirtyExceeded = nrDirty > thresh;
            bdi.domain.bandwidth.update(k.loop.now(), k.vmstat.get(VmItem.NR_WRITTEN));
            bdi.domain.updateBandwidth(thresh, bg, nrDirty);
            double ratelimit = bdi.domain.dirtyRatelimit(); // wb->dirty_ratelimit: N writers settle at write_bw / N each
            double taskRatelimit = ratelimit * posRatio(nrDirty, freerun, bdi.domain.hardDirtyLimit(thresh));
            long pause = taskRatelimit <= 0 ? MAX_PAUSE_NS : (long) (pagesDirtied * 1e9 / taskRatelimit);
            if (pause < Hz.JIFFY_NS && phase != Phase.AFTER_PAUSE) {
                nrDirtied = 0;
                nrDirtiedPause = clamp((long) (ratelimit * 0.1), pagesDirtied + pagesDirtied / 8, pagesDirtied * 4);
                phase = Phase.IDLE;
                return true;
            }
            pause = Math.min(Math.max(pause, Hz.JIFFY_NS), MAX_PAUSE_NS);
            nrDirtied = 0;
            if (pause >= MAX_PAUSE_NS) {
                nrDirtiedPause = 1 | clamp((long) (ratelimit * 0.1), pagesDirtied / 4, pagesDirtied - pagesDirtied / 8);
            } else if (pause <= MAX_PAUSE_NS / 4) {
                nrDirtiedPause = clamp((long) (ratelimit * 0.1), pagesDirtied + pagesDirtied / 8, pagesDirtied * 4);
            }
            nrDirtiedPause = Math.max(1, nrDirtiedPause);
            phase = Phase.AFTER_PAUSE;
            pauses++;
            k.vmstat.inc(VmItem.BALANCE_DIRTY_PAGES_PAUSES);
            task.sleepFor(pause, StallCause.THROTTLE);
            return false;
        }
    }

    private boolean done() {
        phase = Phase.IDLE;
        return true;
    }

    /** pos_ratio_polynom(): 1 + x^3, x = (setpoint - dirty) / (limit - setpoint + 1), within [0, 2]. */
    static double posRatio(long dirty, long freerun, long limit) {
        long setpoint = (freerun + limit) / 2;
        double x = (double) (setpoint - dirty) / (limit - setpoint + 1);
        double r = 1 + x * x * x;
        return Math.max(0, Math.min(2, r));
    }

    /** dirty_poll_interval(): 2^(ilog2(thresh - dirty) / 2) pages until the next check. */
    static long dirtyPollInterval(long dirty, long thresh) {
        if (thresh > dirty) {
            return 1L << ((63 - Long.numberOfLeadingZeros(thresh - dirty)) >> 1);
        }
        return 1;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private boolean writerWrites() {
        while (true) {
            switch (phase) {
                case CHECK: {
                    long dirtyable = k.dirtyableMemory();
                    long bg = DirtyLimits.background(k.config, dirtyable);
                    long thresh = DirtyLimits.thresh(k.config, dirtyable);
                    long reclaimable = k.vmstat.get(VmItem.NR_DIRTY);
                    long writeback = k.vmstat.get(VmItem.NR_WRITEBACK);
                    if (reclaimable + writeback <= thresh || reclaimable + writeback <= (bg + thresh) / 2) {
                        return finishWriterWrites(reclaimable, bg, false);
                    }
                    dirtyExceeded = true;
                    writeChunk = Math.max(pagesDirtied, ratelimitPages());
                    writeChunk += writeChunk / 2; // sync_writeback_pages()
                    if (reclaimable > thresh) {
                        if (writer == null) {
                            writer = new WbWriteback(k, bdi, task);
                        }
                        WbWork w = work.reset();
                        w.nrPages = writeChunk - pagesWritten;
                        w.singlePass = true;
                        w.origin = IoOrigin.WRITER;
                        writer.start(w);
                        phase = Phase.WRITE;
                        continue;
                    }
                    phase = Phase.AFTER_PAUSE;
                    return pause();
                }
                case WRITE: {
                    if (!writer.step()) {
                        return false;
                    }
                    pagesWritten += writer.written();
                    long thresh = bdi.domain.dirtyThresh();
                    long reclaimable = k.vmstat.get(VmItem.NR_DIRTY);
                    if (reclaimable + k.vmstat.get(VmItem.NR_WRITEBACK) <= thresh || pagesWritten >= writeChunk) {
                        return finishWriterWrites(reclaimable, bdi.domain.backgroundThresh(), true);
                    }
                    phase = Phase.AFTER_PAUSE;
                    return pause();
                }
                case AFTER_PAUSE: {
                    pauseNs = Math.min(pauseNs * 2, Hz.HZ_10_NS);
                    phase = Phase.CHECK;
                    continue;
                }
                default:
                    return true;
            }
        }
    }

    private boolean pause() {
        pauses++;
        k.vmstat.inc(VmItem.BALANCE_DIRTY_PAGES_PAUSES);
        task.sleepFor(pauseNs, StallCause.THROTTLE);
        return false;
    }

    private boolean finishWriterWrites(long reclaimable, long bg, boolean exceeded) {
        dirtyExceeded = exceeded;
        nrDirtied = 0;
        nrDirtiedPause = ratelimitPages();
        phase = Phase.IDLE;
        if (!bdi.writebackInProgress() && reclaimable > bg) {
            bdi.startBackgroundWriteback();
        }
        return true;
    }
}
