package io.wbreplay.replay.block;

import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.sim.Event;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * block/blk-throttle.c as 6.16+ has it (Zizhi Wo's separate bps and iops queues): one cgroup's write
 * limits (blkio.throttle.write_bps_device and write_iops_device, on the root group as the recordings
 * set them) in front of a request queue. Whole bios are charged, before they are split to the queue's
 * limits, against a slice of DFL_THROTL_SLICE_HD: a slice allows the rate times its time so far
 * rounded up to whole slices, so a queue of bios leaves in bursts at slice boundaries, and a bio larger
 * than a slice's bytes leaves when the slices it needs have passed. Bios over the limits wait in a
 * FIFO (the submitter goes on at once: blk-throttle never blocks it); a timer at the head's dispatch
 * time moves them to the dispatch work (blk_throtl_dispatch_work_fn(), a kworker), which submits them
 * under a plug. Reads, flushes and discards are not limited here.
 *
 * <p>One simplification: a bio that the queue will split is charged one I/O per piece when it leaves;
 * the kernel charges the remainders one by one as they come back through blk_throtl_bio(), which
 * differs only when a slice's I/O budget runs out inside one bio.
 */
public final class BlkThrottle implements BlockQueue {
    /** DFL_THROTL_SLICE_HD: HZ / 10 (the loop device on a rotational disk; SSDs get HZ / 50). */
    static final long SLICE = Hz.HZ / 10;
    /** THROTL_GRP_QUANTUM - THROTL_GRP_QUANTUM * 3 / 4: writes one throtl_dispatch_tg() moves. */
    private static final int MAX_NR_WRITES = 2;
    /** The dispatch work's kworker, for the dispatch log. */
    static final int KTHROTLD_PID = 3;

    private final EventLoop loop;
    private final BlockQueue queue;
    private final long bps;
    private final long iops;
    private long sliceStart;
    private long sliceEnd;
    private long bytesDisp;
    private long ioDisp;
    /** The queued writes in FIFO order; the bps-charged ones (the iops queue) are always ahead. */
    private final ArrayDeque<Bio> queued = new ArrayDeque<>();
    /** Queued writes not yet charged for their bytes (nr_queued_bps). */
    private int queuedBps;
    private final DispatchWork work;
    private final Event pendingTimer = now -> pendingTimerFn();
    private long timerAt = -1;

    /**
     * @param queue the request queue the bios go on to
     * @param limits blkio.throttle.write_bps_device and write_iops_device (positive, as the record checks)
     */
    public BlkThrottle(EventLoop loop, BlockQueue queue, Devices.Throttle limits) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.bps = limits.writeBytesPerSecond();
        this.iops = limits.writeIops();
        this.work = new DispatchWork(loop);
    }

    /** Writes waiting in the throttle. */
    public int queuedWrites() {
        return queued.size();
    }

    /** __blk_throtl_bio(): on to the queue when within the limits, else into the FIFO. */
    @Override
    public boolean submitBio(Task task, Bio bio) {
        if (bio.op != Operation.WRITE) {
            return queue.submitBio(task, bio);
        }
        if (withinLimit(bio)) {
            chargeIops(bio);
            trimSlice();
        } else if ((bio.flags & IoRecord.META) != 0) {
            // bio_issue_as_root_blkg(): metadata goes at once, charged, to avoid priority inversion
            chargeBps(bio);
            chargeIops(bio);
        } else {
            boolean wasEmpty = queued.isEmpty();
            queued.addLast(bio);
            if (!bio.bpsThrottled) {
                queuedBps++;
            }
            if (wasEmpty) {
                scheduleDispatch(updateDisptime());
            }
            return true;
        }
        return queue.submitBio(task, bio);
    }

    @Override
    public void startPlug(Task task) {
        queue.startPlug(task);
    }

    @Override
    public void finishPlug(Task task) {
        queue.finishPlug(task);
    }

    @Override
    public boolean writeCongested() {
        return queue.writeCongested();
    }

    @Override
    public int maxSectors() {
        return queue.maxSectors();
    }

    // ---- the slice ---------------------------------------------------------------------------------

    private long jiffies() {
        return loop.now() / Hz.JIFFY_NS;
    }

    /** tg_within_limit(): FIFO, so with bios queued a new one waits (charged for bytes if it may be). */
    private boolean withinLimit(Bio bio) {
        if (!queued.isEmpty()) {
            if (queuedBps == 0 && dispatchBpsTime(bio) == 0) {
                chargeBps(bio);
            }
            return false;
        }
        return dispatchTime(bio) == 0;
    }

    /** tg_dispatch_time(): jiffies until {@code bio} may leave; charges its bytes once they fit. */
    private long dispatchTime(Bio bio) {
        long wait = dispatchBpsTime(bio);
        if (wait != 0) {
            return wait;
        }
        if (!bio.bpsThrottled && bio == queued.peekFirst()) {
            queuedBps--; // the head moves to the iops queue
        }
        chargeBps(bio);
        return dispatchIopsTime();
    }

    private long dispatchBpsTime(Bio bio) {
        if (bio.bpsThrottled) {
            return 0;
        }
        updateSlice();
        long wait = withinBpsLimit(bio.bytes);
        extendSlice(jiffies() + wait);
        return wait;
    }

    private long dispatchIopsTime() {
        updateSlice();
        long wait = withinIopsLimit();
        extendSlice(jiffies() + wait);
        return wait;
    }

    /** tg_update_slice(): a used slice with nothing queued starts anew, else it lasts a slice from now. */
    private void updateSlice() {
        if (sliceUsed() && queued.isEmpty()) {
            sliceStart = jiffies();
            sliceEnd = sliceStart + SLICE;
            bytesDisp = 0;
            ioDisp = 0;
        } else {
            extendSlice(jiffies() + SLICE);
        }
    }

    private boolean sliceUsed() {
        long j = jiffies();
        return j < sliceStart || j > sliceEnd;
    }

    /** throtl_extend_slice(): the end moves out (to a whole slice), never in. */
    private void extendSlice(long end) {
        if (sliceEnd < end) {
            sliceEnd = roundUp(end, SLICE);
        }
    }

    /** tg_within_bps_limit(). */
    private long withinBpsLimit(long size) {
        long elapsed = jiffies() - sliceStart;
        long rounded = roundUp(elapsed == 0 ? SLICE : elapsed, SLICE);
        long allowed = bytesAllowed(rounded);
        if (bytesDisp + size <= allowed) {
            return 0;
        }
        long wait = Math.max(1, (bytesDisp + size - allowed) * Hz.HZ / bps);
        return wait + rounded - elapsed;
    }

    /** tg_within_iops_limit(). */
    private long withinIopsLimit() {
        long elapsed = jiffies() - sliceStart;
        long rounded = roundUp(elapsed + 1, SLICE);
        long allowed = iops * rounded / Hz.HZ;
        if (allowed > 0 && ioDisp + 1 <= allowed) {
            return 0;
        }
        return Math.max(rounded - elapsed, Hz.HZ / iops + 1);
    }

    private long bytesAllowed(long jiffies) {
        return Math.multiplyHigh(bps, jiffies) == 0 ? bps * jiffies / Hz.HZ : Long.MAX_VALUE;
    }

    /** throtl_charge_bps_bio(). */
    private void chargeBps(Bio bio) {
        if (!bio.bpsThrottled) {
            bio.bpsThrottled = true;
            bytesDisp += bio.bytes;
        }
    }

    /** throtl_charge_iops_bio(), once for each piece the queue will split the bio into. */
    private void chargeIops(Bio bio) {
        ioDisp += bio.splitPieces(queue.maxSectors());
    }

    /** throtl_trim_slice(): whole slices already paid for, less one, are cut off the slice's start. */
    private void trimSlice() {
        if (sliceUsed()) {
            return;
        }
        sliceEnd = roundUp(jiffies() + SLICE, SLICE);
        long elapsed = (jiffies() - sliceStart) / SLICE * SLICE;
        if (elapsed < 2 * SLICE) {
            return;
        }
        elapsed -= SLICE;
        long bytesTrim = Math.min(bytesAllowed(elapsed), bytesDisp);
        bytesDisp -= bytesTrim;
        long ioTrim = Math.min(iops * elapsed / Hz.HZ, ioDisp);
        ioDisp -= ioTrim;
        if (bytesTrim != 0 || ioTrim != 0) {
            sliceStart += elapsed;
        }
    }

    private static long roundUp(long x, long step) {
        return (x + step - 1) / step * step;
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    /** tg_update_disptime(): the jiffy the head may leave. */
    private long updateDisptime() {
        return jiffies() + dispatchTime(queued.peekFirst());
    }

    /** throtl_schedule_pending_timer(). */
    private void scheduleDispatch(long disptime) {
        long at = Math.max(loop.now(), disptime * Hz.JIFFY_NS);
        if (timerAt >= 0 && timerAt <= at) {
            return;
        }
        timerAt = at;
        loop.at(at, pendingTimer);
    }

    /**
     * throtl_pending_timer_fn() -> throtl_select_dispatch() -> throtl_dispatch_tg(): the writes whose
     * time has come go to the dispatch work, two at a time while the head's dispatch time is now.
     */
    private void pendingTimerFn() {
        if (timerAt != loop.now()) {
            return; // superseded by an earlier timer
        }
        timerAt = -1;
        boolean dispatched = false;
        long disptime;
        do {
            int n = 0;
            Bio bio;
            while ((bio = queued.peekFirst()) != null && dispatchTime(bio) == 0) {
                queued.pollFirst();
                chargeIops(bio);
                work.ready.addLast(bio);
                trimSlice();
                dispatched = true;
                if (++n >= MAX_NR_WRITES) {
                    break;
                }
            }
            disptime = queued.isEmpty() ? -1 : updateDisptime();
        } while (disptime >= 0 && disptime <= jiffies());
        if (disptime >= 0) {
            scheduleDispatch(disptime);
        }
        if (dispatched) {
            work.start();
        }
    }

    /** blk_throtl_dispatch_work_fn(): submits the released bios under a plug, sleeping for requests as a submitter does. */
    private final class DispatchWork extends Task {
        final ArrayDeque<Bio> ready = new ArrayDeque<>();
        private boolean plugged;

        DispatchWork(EventLoop loop) {
            super(loop, "kworker/kthrotld", KTHROTLD_PID);
        }

        @Override
        protected void run(long nowNs) {
            if (!plugged) {
                queue.startPlug(this);
                plugged = true;
            }
            Bio bio;
            while ((bio = ready.pollFirst()) != null) {
                if (!queue.submitBio(this, bio)) {
                    return; // asleep for a request: go on when woken
                }
            }
            queue.finishPlug(this);
            plugged = false;
        }
    }
}
