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
    /** MAX_PAUSE: max(HZ / 5, 1) jiffies. */
    static final long MAX_PAUSE = Math.max(Hz.HZ / 5, 1);
    /** DIRTY_POLL_THRESH: 128 KiB in pages. */
    static final long DIRTY_POLL_THRESH = 32;

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
    /** current->dirty_paused_when, jiffies (0: never). */
    private long dirtyPausedWhen;

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
        if (phase != Phase.IDLE) {
            return true;
        }
        long ratelimit = nrDirtiedPause;
        if (dirtyExceeded && k.config.throttle() == CoreConfig.Throttle.WRITER_WRITES) {
            ratelimit = 8;
        } else if (dirtyExceeded && k.config.kernel.dirtyThinkTime()) {
            ratelimit = Math.min(ratelimit, 32 >> 2); // 32 >> (PAGE_SHIFT - 10): 32 KiB
        }
        return nrDirtied >= ratelimit;
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
        if (k.config.kernel.dirtyThinkTime()) {
            return balanceDirtyPages();
        }
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
            long limit = bdi.domain.hardDirtyLimit(thresh);
            if (bdi.domain.bandwidthDue()) {
                bdi.domain.wbUpdateBandwidth(true, thresh, bg, nrDirty, posRatioPolynom((freerun + limit) / 2, nrDirty, limit));
            }
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

    /**
     * balance_dirty_pages() as from 3.3 to today, in jiffies and pos_ratio fixed point like the kernel:
     * the task sleeps period = HZ x pages_dirtied / task_ratelimit less the time since its last pause
     * (think time: a writer that spent it elsewhere, in direct reclaim or in its own work, owes no
     * pause), skipped below min_pause and capped at max_pause (wb_min_pause(), wb_max_pause()), with
     * task_ratelimit = dirty_ratelimit x pos_ratio from wb_position_ratio().
     */
    private boolean balanceDirtyPages() {
        WbDomain dom = bdi.domain;
        long now = k.loop.now() / Hz.JIFFY_NS;
        if (phase == Phase.AFTER_PAUSE) { // woken from the pause: task_ratelimit was > 0
            return done();
        }
        long nrReclaimable = k.vmstat.get(VmItem.NR_DIRTY);
        long dirty = nrReclaimable + k.vmstat.get(VmItem.NR_WRITEBACK);
        long dirtyable = k.dirtyableMemory();
        long bg = DirtyLimits.background(k.config, dirtyable);
        long thresh = DirtyLimits.thresh(k.config, dirtyable);
        if (nrReclaimable > bg && !bdi.writebackInProgress()) {
            bdi.startBackgroundWriteback();
        }
        if (dirty <= DirtyLimits.freerun(thresh, bg)) {
            dirtyPausedWhen = now;
            nrDirtied = 0;
            nrDirtiedPause = dirtyPollInterval(dirty, thresh);
            return done();
        }
        if (!bdi.writebackInProgress()) {
            bdi.startBackgroundWriteback();
        }
        // one bdi: its share of the threshold (__wb_calc_thresh()) is all of it, its dirty pages all of them
        dirtyExceeded = dirty > thresh;
        long posRatio = wbPositionRatio(dirty, thresh, bg);
        if (dom.bandwidthDue()) {
            dom.wbUpdateBandwidth(true, thresh, bg, dirty, posRatio);
        }
        long dirtyRatelimit = dom.dirtyRatelimit();
        long taskRatelimit = dirtyRatelimit * posRatio >> DirtyRatelimit.RATELIMIT_CALC_SHIFT;
        long writeBw = (long) dom.bandwidth.pagesPerSecond();
        long maxPause = wbMaxPause(writeBw, dirty);
        long[] minPauseAndPages = wbMinPause(writeBw, maxPause, taskRatelimit, dirtyRatelimit);
        long minPause = minPauseAndPages[0];
        long period;
        long pause;
        if (taskRatelimit == 0) {
            period = maxPause;
            pause = maxPause;
        } else {
            period = Hz.HZ * pagesDirtied / taskRatelimit;
            pause = period;
            if (dirtyPausedWhen != 0) {
                pause -= now - dirtyPausedWhen;
            }
            if (pause < minPause) {
                if (pause < -Hz.HZ) {
                    dirtyPausedWhen = now;
                    nrDirtied = 0;
                } else if (period != 0) {
                    dirtyPausedWhen += period;
                    nrDirtied = 0;
                } else if (nrDirtiedPause <= pagesDirtied) {
                    nrDirtiedPause += pagesDirtied;
                }
                return done();
            }
            if (pause > maxPause) { // for occasional dropped task_ratelimit
                now += Math.min(pause - maxPause, maxPause);
                pause = maxPause;
            }
        }
        dirtyPausedWhen = now + pause;
        nrDirtied = 0;
        nrDirtiedPause = minPauseAndPages[1];
        pauses++;
        k.vmstat.inc(VmItem.BALANCE_DIRTY_PAGES_PAUSES);
        // task_ratelimit 0 (at the hard limit): loop again after the pause; otherwise done after it
        phase = taskRatelimit == 0 ? Phase.CHECK : Phase.AFTER_PAUSE;
        task.sleepFor(pause * Hz.JIFFY_NS, StallCause.THROTTLE);
        return false;
    }

    /**
     * wb_position_ratio() for the one bdi: its dirty pages are all of them, its threshold the share of
     * the writeout completions that were its own (__wb_calc_thresh()).
     */
    long wbPositionRatio(long dirty, long thresh, long bg) {
        return wbPositionRatio(dirty, dirty, thresh, bg, bdi.domain.hardDirtyLimit(thresh), (long) bdi.domain.bandwidth.pagesPerSecond(),
                bdi.domain.wbThresh(thresh, dirty), !k.config.kernel.wbThreshBumpInCalcThresh());
    }

    /**
     * wb_position_ratio(), fixed point: the global control line pos_ratio_polynom() scaled by the wb
     * line (x_intercept 8 x write_bw above the wb's setpoint, not below 1/4) and raised in the reserve
     * area below wb_thresh / 2. {@code wbThresh} is __wb_calc_thresh()'s; until 6.14 this function
     * itself raised it to (limit - dirty) / 8 ({@code bumpByLimit}), so that a domain limit still high
     * after memory shrank let a writer run nearly free.
     */
    static long wbPositionRatio(long dirty, long wbDirty, long thresh, long bg, long limit, long writeBw, long wbThresh,
            boolean bumpByLimit) {
        if (dirty >= limit) {
            return 0;
        }
        long freerun = DirtyLimits.freerun(thresh, bg);
        long setpoint = (freerun + limit) / 2;
        long posRatio = posRatioPolynom(setpoint, dirty, limit);
        wbThresh = Math.min(wbThresh, thresh);
        if (bumpByLimit) {
            wbThresh = Math.max(wbThresh, (limit - dirty) / 8);
        }
        long x = (wbThresh << 16) / (thresh | 1);
        long wbSetpoint = setpoint * x >> 16;
        long span = (thresh - wbThresh + 8 * writeBw) * x >> 16;
        long xIntercept = wbSetpoint + span;
        if (wbDirty < xIntercept - span / 4) {
            posRatio = posRatio * (xIntercept - wbDirty) / ((xIntercept - wbSetpoint) | 1);
        } else {
            posRatio /= 4;
        }
        xIntercept = wbThresh / 2;
        if (wbDirty < xIntercept) {
            posRatio = wbDirty > xIntercept / 8 ? posRatio * xIntercept / wbDirty : posRatio * 8;
        }
        return posRatio;
    }

    /** pos_ratio_polynom(): 1 + ((setpoint - dirty) / (limit - setpoint))^3 in fixed point, within [0, 2]. */
    static long posRatioPolynom(long setpoint, long dirty, long limit) {
        int shift = DirtyRatelimit.RATELIMIT_CALC_SHIFT;
        long x = ((setpoint - dirty) << shift) / ((limit - setpoint) | 1);
        long r = x;
        r = r * x >> shift;
        r = r * x >> shift;
        r += 1L << shift;
        return Math.max(0, Math.min(2L << shift, r));
    }

    /** wb_max_pause(): wb_dirty / (1 + write_bw / roundup_pow_of_two(1 + HZ / 8)) + 1 jiffies, at most MAX_PAUSE. */
    static long wbMaxPause(long writeBw, long wbDirty) {
        long t = wbDirty / (1 + writeBw / roundupPowOfTwo(1 + Hz.HZ / 8)) + 1;
        return Math.min(t, MAX_PAUSE);
    }

    /**
     * wb_min_pause(): the pause under which the task is not put to sleep and, second, the pages it
     * may dirty before the next check (nr_dirtied_pause), aiming at 10 ms pauses (more with several
     * dirtiers: dirty_ratelimit below write_bw) and at least DIRTY_POLL_THRESH pages.
     */
    static long[] wbMinPause(long writeBw, long maxPause, long taskRatelimit, long dirtyRatelimit) {
        long hi = ilog2(writeBw);
        long lo = ilog2(dirtyRatelimit);
        long t = Math.max(1, Hz.HZ / 100);
        if (hi > lo) {
            t += (hi - lo) * (10 * Hz.HZ) / 1024;
        }
        t = Math.min(t, 1 + maxPause / 2);
        long hz2 = roundupPowOfTwo(Hz.HZ);
        long pages = dirtyRatelimit * t / hz2;
        if (pages < DIRTY_POLL_THRESH) {
            t = maxPause;
            pages = dirtyRatelimit * t / hz2;
            if (pages > DIRTY_POLL_THRESH) {
                pages = DIRTY_POLL_THRESH;
                t = Hz.HZ * DIRTY_POLL_THRESH / dirtyRatelimit;
            }
        }
        long pause = Hz.HZ * pages / (taskRatelimit + 1);
        if (pause > maxPause) {
            t = maxPause;
            pages = taskRatelimit * t / hz2;
        }
        return new long[] {pages >= DIRTY_POLL_THRESH ? 1 + t / 2 : t, pages};
    }

    private static long ilog2(long v) {
        return 63 - Long.numberOfLeadingZeros(Math.max(v, 1));
    }

    private static long roundupPowOfTwo(long v) {
        return v <= 1 ? 1 : Long.highestOneBit(v - 1) << 1;
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
