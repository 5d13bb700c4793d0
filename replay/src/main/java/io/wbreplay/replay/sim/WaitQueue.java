package io.wbreplay.replay.sim;

import java.util.ArrayDeque;

/**
 * include/linux/wait.h: tasks sleeping until something happens (a page unlocked, writeback ended, a
 * request freed). Waking is FIFO, so the order of wake-ups is deterministic.
 */
public final class WaitQueue {
    private final String name;
    private final ArrayDeque<Task> waiters = new ArrayDeque<>(2);

    public WaitQueue(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    void add(Task t) {
        waiters.addLast(t);
    }

    void remove(Task t) {
        waiters.remove(t);
    }

    public boolean isEmpty() {
        return waiters.isEmpty();
    }

    public int size() {
        return waiters.size();
    }

    /** Wakes the longest waiting task, if any; it runs at the current instant. */
    public void wakeOne() {
        Task t = waiters.pollFirst();
        if (t != null) {
            t.wake();
        }
    }

    /** Wakes every waiting task, in the order they started waiting. */
    public void wakeAll() {
        while (!waiters.isEmpty()) {
            waiters.pollFirst().wake();
        }
    }

    /** The waiting tasks, oldest first (for wait-for graphs). */
    public Iterable<Task> waiters() {
        return waiters;
    }

    @Override
    public String toString() {
        return name;
    }
}
