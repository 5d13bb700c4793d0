package io.wbreplay.replay.driver;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.Task;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * The machine's other tasks (--other-refaults), as {@link TracePump} is the trace's: open loop, the i-th
 * page read back of their files (the initial page cache's file) is due at i / rate seconds from the
 * start, whatever the workload does. A major fault reads back --other-read-pages evicted pages at once
 * (its read-around, {@link OtherTasksFilemapRead}): they go as one window to an idle reader, due when its
 * first page is; there are at most --other-tasks readers (the recorded machine's CPUs: one build job per
 * CPU), so while all of them are busy (stalled in direct reclaim, say) the due reads wait and are then
 * made at once, and the rate holds over the run as far as their stalls allow. A read-around that stops
 * short leaves its other pages evicted, the oldest again, for later faults: the faults keep their pace
 * (the recorded pgmajfault rate), so under pressure fewer pages come back. Each window takes the pages evicted longest
 * ago (the order of a working set read round and round, the pattern mm/workingset.c was written for);
 * with none evicted a page is served from the cache and only counted (OTHER_READS_WITHOUT_REFAULT).
 * Deterministic: no randomness. Stops when the workload has ended.
 */
final class OtherTasksPump extends Task {
    /** Pids above any a trace carries (PID_MAX_LIMIT is 2^22). */
    private static final int FIRST_PID = 1 << 30;

    private final Machine m;
    private final Inode inode;
    private final long ratePerS;
    private final int maxTasks;
    private final BooleanSupplier workloadDone;
    private final ArrayDeque<OtherTasksFilemapRead> idle = new ArrayDeque<>();
    private int tasks;
    /** The next page's number: it is due at next / rate seconds. */
    private long next;
    /** The window being handed out: --other-read-pages long. */
    private final long[] window;

    OtherTasksPump(Machine m, Inode inode, long ratePerS, int readPages, int maxTasks, BooleanSupplier workloadDone) {
        super(m.kernel.loop, "other-tasks", FIRST_PID);
        this.m = m;
        this.inode = inode;
        this.ratePerS = ratePerS;
        this.window = new long[readPages];
        this.maxTasks = maxTasks;
        this.workloadDone = workloadDone;
    }

    /** When read number {@code i} is due (ns): exact in integers up to 9.2 billion reads. */
    static long dueNs(long i, long ratePerS) {
        return Math.multiplyExact(i, 1_000_000_000L) / ratePerS;
    }

    /** {@code t} has made its read: it takes the next one, and the pump runs again if it waited for one. */
    void idle(OtherTasksFilemapRead t) {
        idle.push(t);
        start();
    }

    @Override
    protected void run(long nowNs) {
        while (true) {
            if (workloadDone.getAsBoolean()) {
                exit();
                return;
            }
            long due = dueNs(next, ratePerS);
            if (nowNs < due) {
                sleepFor(due - nowNs, null);
                return;
            }
            if (idle.isEmpty() && tasks == maxTasks) {
                return; // every reader is busy: run again when one is done (idle())
            }
            int n = 0;
            while (n < window.length) {
                long index = inode.mapping.shadows.pollOldest();
                if (index < 0) {
                    break;
                }
                window[n++] = index;
            }
            if (n == 0) {
                next++;
                m.kernel.vmstat.inc(VmItem.OTHER_READS_WITHOUT_REFAULT);
                continue;
            }
            next += n;
            OtherTasksFilemapRead t = idle.poll();
            if (t == null) {
                t = new OtherTasksFilemapRead(m, this, inode, FIRST_PID + ++tasks);
            }
            t.read(window, n);
        }
    }
}
