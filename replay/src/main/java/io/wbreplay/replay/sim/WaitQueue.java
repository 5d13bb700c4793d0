package io.wbreplay.replay.sim;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * include/linux/wait.h: tasks sleeping until something happens (a page unlocked, writeback ended, a
 * request freed). Waking is FIFO, so the order of wake-ups is deterministic. The waiters are linked
 * through the tasks themselves (a task waits on one queue at a time), so an idle queue is one small
 * object and checking it touches nothing else.
 */
public final class WaitQueue {
    private final String name;
    private final int number;
    private Task head;
    private Task tail;
    private int size;

    public WaitQueue(String name) {
        this(name, -1);
    }

    /** The queue {@code name#number} of a hashed table (the name is put together only when asked for). */
    public WaitQueue(String name, int number) {
        this.name = name;
        this.number = number;
    }

    public String name() {
        return number < 0 ? name : name + "#" + number;
    }

    void add(Task t) {
        t.waitPrev = tail;
        t.waitNext = null;
        if (tail == null) {
            head = t;
        } else {
            tail.waitNext = t;
        }
        tail = t;
        size++;
    }

    void remove(Task t) {
        if (t.waitPrev == null ? head != t : t.waitPrev.waitNext != t) {
            return; // not on this queue
        }
        unlink(t);
    }

    private void unlink(Task t) {
        if (t.waitPrev == null) {
            head = t.waitNext;
        } else {
            t.waitPrev.waitNext = t.waitNext;
        }
        if (t.waitNext == null) {
            tail = t.waitPrev;
        } else {
            t.waitNext.waitPrev = t.waitPrev;
        }
        t.waitPrev = null;
        t.waitNext = null;
        size--;
    }

    public boolean isEmpty() {
        return head == null;
    }

    public int size() {
        return size;
    }

    /** Wakes the longest waiting task, if any; it runs at the current instant. */
    public void wakeOne() {
        Task t = head;
        if (t != null) {
            unlink(t);
            t.wake();
        }
    }

    /** Wakes every waiting task, in the order they started waiting. */
    public void wakeAll() {
        while (head != null) {
            Task t = head;
            unlink(t);
            t.wake();
        }
    }

    /** The waiting tasks, oldest first (for wait-for graphs). */
    public Iterable<Task> waiters() {
        return () -> new Iterator<>() {
            private Task next = head;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Task next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Task t = next;
                next = t.waitNext;
                return t;
            }
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
