package io.wbreplay.replay.hazard;

import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.Task;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The chain of waits from a blocked task, as lockdep's check_noncircular() follows lock dependencies
 * and khungtaskd (kernel/hung_task.c) finds tasks blocked for good: "sleeps for page P held by T" and
 * "sleeps in an allocation retry, waiting for memory the reclaimer must free". A chain that leads back
 * to its start is a deadlock.
 */
final class WaitChain {
    private final PageCache cache;
    private final Pages pages;
    private final IntFunction<Task> owner;
    private final Map<Task, TaskLocks> tasks;

    WaitChain(PageCache cache, IntFunction<Task> owner, Map<Task, TaskLocks> tasks) {
        this.cache = cache;
        this.pages = cache.pages;
        this.owner = owner;
        this.tasks = tasks;
    }

    /**
     * Follows the waits from {@code start}: "sleeps for page P held by T" and, when {@code reclaimer}
     * is given, "sleeps in an allocation retry and waits for memory that the reclaimer must free".
     * The chain of waits when it leads back to {@code start}, else null.
     */
    String follow(TaskLocks start, Task reclaimer) {
        if (!walk(start, reclaimer, null)) {
            return null; // most waits end at a running task: no text to build
        }
        StringBuilder chain = new StringBuilder();
        walk(start, reclaimer, chain);
        return chain.toString();
    }

    /** Follows the waits from {@code start}, each into {@code chain} unless it is null; true when they lead back to it. */
    private boolean walk(TaskLocks start, Task reclaimer, StringBuilder chain) {
        TaskLocks l = start;
        for (int hops = 0; hops <= tasks.size(); hops++) {
            Task next;
            if (chain != null && chain.length() > 0) {
                chain.append("; ");
            }
            if (reclaimer != null && l.waitingForMemory && l.task.state() == Task.State.SLEEPING) {
                next = reclaimer;
                if (chain != null) {
                    chain.append(l.task).append(" sleeps in an allocation retry holding ").append(describeHeld(l))
                            .append(" and waits for memory that ").append(reclaimer).append(" must free");
                }
            } else if (l.waitingPage >= 0 && stillWaiting(l.task, l.waitingPage) && owner.apply(l.waitingPage) != null) {
                next = owner.apply(l.waitingPage);
                if (chain != null) {
                    chain.append(l.task).append(" waits for page ").append(l.waitingPage).append(" (")
                            .append(describePage(l.waitingPage)).append(") held by ").append(next);
                }
            } else {
                return false;
            }
            if (next == start.task) {
                return true;
            }
            l = tasks.get(next);
            if (l == null) {
                return false;
            }
        }
        return false;
    }

    /** "inode I index N", or "page P (truncated)". */
    String describePage(int page) {
        int ino = pages.mapping(page);
        return ino == Pages.NO_MAPPING ? "page " + page + " (truncated)" : "inode " + ino + " index " + pages.index(page);
    }

    /** "N page lock(s)", with the inode and index range when they are all of one mapping. */
    private String describeHeld(TaskLocks l) {
        String n = l.nPages + " page lock(s)";
        if (l.nPages == 0) {
            return n;
        }
        int ino = pages.mapping(l.pages[0]);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < l.nPages; i++) {
            if (pages.mapping(l.pages[i]) != ino || ino == Pages.NO_MAPPING) {
                return n;
            }
            lo = Math.min(lo, pages.index(l.pages[i]));
            hi = Math.max(hi, pages.index(l.pages[i]));
        }
        return n + " (inode " + ino + " index " + lo + (hi > lo ? ".." + hi : "") + ")";
    }

    private boolean stillWaiting(Task t, int page) {
        return t.state() == Task.State.WAITING && t.waitingOn() == cache.waits.queue(page) && pages.test(page, Pages.PG_locked);
    }
}
