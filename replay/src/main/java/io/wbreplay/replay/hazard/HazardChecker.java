package io.wbreplay.replay.hazard;

import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.PageCache;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The run's hazard checker (lockdep, KASAN and a hung-task detector in one, for the dangers named in
 * the reclaim-writeback threads). It watches page-lock traffic through {@link PageCache}'s observer
 * and is told by the reclaim code about inode references, mapping accesses, reclaim context and other
 * lock classes. Each occurrence is counted per {@link HazardKind}, and the first one of each kind is
 * kept with its time, task and subject:
 * <ul>
 * <li>lock order: lock_page() of a lower index of a mapping while a higher one is held (the ABBA that
 * filesystems locking pages in ascending order, btrfs lock_delalloc_pages(), run into), and lock-class
 * inversions in the {@link LockClassGraph};</li>
 * <li>deadlock: a task about to sleep for a page lock whose owner chain leads back to it; the run is
 * marked deadlocked and stops (see {@link OnDeadlock});</li>
 * <li>iput_final() run by a task in reclaim;</li>
 * <li>a mapping or inode touched with no locked page of it and no inode reference held, reported as a
 * use-after-free when the inode had been evicted.</li>
 * </ul>
 */
public final class HazardChecker implements PageCache.PageLockObserver {
    private static final HazardKind[] KINDS = HazardKind.values();
    /** values() clones its array on every call, and {@link #taking} runs for every lock taken. */
    private static final LockClass[] LOCK_CLASSES = LockClass.values();

    private final EventLoop loop;
    private final PageCache cache;
    private final Pages pages;
    private final Map<Task, TaskLocks> tasks = new IdentityHashMap<>();
    /** Each task's locks by its id (from 1), the number a page lock's holder is stored as in {@link Pages}. */
    private TaskLocks[] byId = new TaskLocks[8];
    private final LockClassGraph classes = new LockClassGraph();
    private final WaitChain waits;
    private final long[] counts = new long[KINDS.length];
    private final Hazard[] first = new Hazard[KINDS.length];
    private Task lastTask;
    private TaskLocks lastLocks;
    private Hazard deadlock;

    public HazardChecker(EventLoop loop, PageCache cache) {
        this.loop = loop;
        this.cache = cache;
        this.pages = cache.pages;
        this.waits = new WaitChain(cache, this::owner, tasks);
    }

    /** Occurrences of {@code kind} so far. */
    public long count(HazardKind kind) {
        return counts[kind.ordinal()];
    }

    /** The first occurrence of {@code kind}, or null. */
    public Hazard first(HazardKind kind) {
        return first[kind.ordinal()];
    }

    /** True once a wait-for cycle was found: the run cannot go on. */
    public boolean deadlocked() {
        return deadlock != null;
    }

    /** The cycle found, or null. */
    public Hazard deadlock() {
        return deadlock;
    }

    /** The task holding {@code page}'s lock, when it was taken by a known task; else null. */
    public Task owner(int page) {
        int id = pages.lockOwner(page);
        return id == 0 ? null : byId[id].task;
    }

    private TaskLocks locks(Task task) {
        if (task == lastTask) {
            return lastLocks;
        }
        TaskLocks l = tasks.get(task);
        if (l == null) {
            l = new TaskLocks(task, tasks.size() + 1);
            tasks.put(task, l);
            if (l.id == byId.length) {
                byId = Arrays.copyOf(byId, byId.length * 2);
            }
            byId[l.id] = l;
        }
        lastTask = task;
        lastLocks = l;
        return l;
    }

    private Hazard report(HazardKind kind, Task task, String subject, String description) {
        return report(kind, loop.now(), task, subject, description);
    }

    private Hazard report(HazardKind kind, long timeNs, Task task, String subject, String description) {
        Hazard h = new Hazard(kind, timeNs, String.valueOf(task), subject, description);
        counts[kind.ordinal()]++;
        if (first[kind.ordinal()] == null) {
            first[kind.ordinal()] = h;
        }
        return h;
    }

    // ---- page locks (PageCache observer) ----

    @Override
    public void lockAttempt(Task task, int page) {
        TaskLocks l = locks(task);
        if (l.nPages > 0) {
            int ino = pages.mapping(page);
            long index = pages.index(page);
            for (int i = 0; i < l.nPages; i++) {
                int h = l.pages[i];
                if (ino != Pages.NO_MAPPING && pages.mapping(h) == ino && pages.index(h) > index) {
                    report(HazardKind.LOCK_ORDER, task, waits.describePage(page),
                            "lock_page(index " + index + ") while holding index " + pages.index(h) + " of the same mapping");
                    break;
                }
            }
        }
        if (!l.holdsNoOtherClass()) {
            taking(l, LockClass.PAGE_LOCK);
        }
    }

    @Override
    public void locked(Task task, int page) {
        TaskLocks l = locks(task);
        pages.setLockOwner(page, l.id);
        l.addPage(page);
        l.waitingPage = -1;
    }

    @Override
    public void blocked(Task task, int page) {
        TaskLocks l = locks(task);
        l.waitingPage = page;
        findCycle(task, page);
    }

    @Override
    public void unlocked(int page) {
        int id = pages.lockOwner(page);
        if (id != 0) {
            pages.setLockOwner(page, 0);
            byId[id].removePage(page);
        }
    }

    /** {@code task} has just gone to sleep for {@code page}'s lock: a way back to it is a deadlock. */
    private void findCycle(Task task, int page) {
        String chain = waits.follow(locks(task), null);
        if (chain != null) {
            deadlockFound(report(HazardKind.DEADLOCK, task, waits.describePage(page), chain));
        }
    }

    private void deadlockFound(Hazard h) {
        if (deadlock == null) {
            deadlock = h;
        }
    }

    /** {@code task} sleeps in an allocation retry (true) or got its page (false): see {@link #findHungCycle}. */
    public void waitingForMemory(Task task, boolean waiting) {
        locks(task).waitingForMemory = waiting;
    }

    /**
     * The hung-task check, for a run that has made no progress since {@code sinceNs}: follows each
     * blocked task's wait, "sleeps for a page lock held by" the lock's owner and "waits for memory
     * that {@code reclaimer} must free" (an allocation retry, once nothing else can free any), and
     * reports a way back to the start as a deadlock, dated {@code sinceNs}. Such a cycle is not a
     * deadlock while memory can still come from elsewhere, hence only asked when the run is stuck.
     * True when a cycle was found (the run is then {@link #deadlocked()}).
     */
    public boolean findHungCycle(Task reclaimer, long sinceNs) {
        for (TaskLocks start : tasks.values()) {
            String chain = start.waitingForMemory ? waits.follow(start, reclaimer) : null;
            if (chain != null) {
                deadlockFound(report(HazardKind.DEADLOCK, sinceNs, start.task, "memory", chain));
                return true;
            }
        }
        return false;
    }

    // ---- other lock classes ----

    /** {@code task} takes a lock of {@code cls} (not a page lock), checking the class order. */
    public void acquire(Task task, LockClass cls) {
        TaskLocks l = locks(task);
        taking(l, cls);
        l.classes[cls.ordinal()]++;
    }

    public void release(Task task, LockClass cls) {
        TaskLocks l = locks(task);
        if (l.classes[cls.ordinal()] > 0) {
            l.classes[cls.ordinal()]--;
        }
    }

    /** {@code task} sleeps for a request of a full queue: a wait ordered after whatever it holds. */
    public void queueWait(Task task) {
        TaskLocks l = locks(task);
        if (l.nPages > 0 || !l.holdsNoOtherClass()) {
            taking(l, LockClass.REQUEST_QUEUE);
        }
    }

    private void taking(TaskLocks l, LockClass cls) {
        if (l.nPages > 0) {
            edge(l, LockClass.PAGE_LOCK, cls);
        }
        for (LockClass held : LOCK_CLASSES) {
            if (l.classes[held.ordinal()] > 0) {
                edge(l, held, cls);
            }
        }
    }

    private void edge(TaskLocks l, LockClass held, LockClass taken) {
        // the witness is kept only for a new order: do not format it for every acquisition
        String who = classes.has(held, taken) ? null : l.task + " at " + loop.now() / 1e9 + " s";
        String inversion = classes.add(held, taken, who);
        if (inversion != null) {
            report(HazardKind.LOCK_ORDER, l.task, taken.label(), inversion);
        }
    }

    // ---- reclaim context, inode references, mapping accesses ----

    /** {@code task} enters page reclaim (PF_MEMALLOC set). */
    public void enterReclaim(Task task) {
        locks(task).reclaimDepth++;
    }

    public void exitReclaim(Task task) {
        TaskLocks l = locks(task);
        if (l.reclaimDepth > 0) {
            l.reclaimDepth--;
        }
    }

    public boolean inReclaim(Task task) {
        return task != null && locks(task).reclaimDepth > 0;
    }

    /** igrab() by {@code task}: it now pins the inode. False when the inode is being freed. */
    public boolean igrab(Task task, Inode inode) {
        if (!cache.igrab(inode)) {
            return false;
        }
        locks(task).addRef(inode.ino);
        return true;
    }

    /** iput() by {@code task}: true when the caller must now run iput_final() (see {@link #iputFinal}). */
    public boolean iput(Task task, Inode inode) {
        locks(task).removeRef(inode.ino);
        return cache.iputNeedsFinal(inode);
    }

    /** iput_final() is being run by {@code task}: a hazard when the task is in reclaim. */
    public void iputFinal(Task task, Inode inode) {
        if (inReclaim(task)) {
            report(HazardKind.IPUT_FINAL_IN_RECLAIM, task, inode.toString(),
                    "the final iput() evicts the inode (truncating its pages, taking inode locks) from page reclaim");
        }
    }

    /**
     * {@code task} touches {@code inode}'s address_space or inode ({@code what}): allowed while it holds
     * a locked page of the mapping or a reference on the inode.
     */
    public void touchMapping(Task task, Inode inode, String what) {
        TaskLocks l = locks(task);
        if (l.hasRef(inode.ino)) {
            return;
        }
        for (int i = 0; i < l.nPages; i++) {
            if (pages.mapping(l.pages[i]) == inode.ino) {
                return;
            }
        }
        if (inode.has(Inode.I_CLEAR)) {
            report(HazardKind.USE_AFTER_FREE, task, inode.toString(), what + " after the inode was evicted, with no page lock or reference pinning it");
        } else {
            report(HazardKind.MAPPING_AFTER_UNLOCK, task, inode.toString(), what + " after the last page lock pinning the mapping was dropped, without a reference");
        }
    }
}
