package io.wbreplay.replay.sim;

import java.util.Arrays;

/**
 * The virtual clock: a binary heap of (time, sequence, event) in parallel arrays. Events at the same
 * instant fire in the order they were scheduled, so a run is a pure function of its inputs.
 *
 * <p>The heap is 4-ary (slot i's children are 4i+1 .. 4i+4): a replay's new events are mostly due
 * soon (the next record, a task's CPU time) and climb to near the top, half as many levels as in a
 * binary heap. The (time, sequence) keys are all distinct, so the order of firing is theirs whatever
 * the heap's shape.
 *
 * <p>Most events are scheduled for the current instant (a woken task runs now). Those skip the heap:
 * they wait in a FIFO ring, which fires in scheduling order after the heap's events of the same
 * instant (those were all scheduled earlier, before the clock got here) and before any later one.
 * The order is exactly the heap's (time, sequence) order.
 */
public final class EventLoop {
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private Event[] events = new Event[1024];
    private int size;
    /** Events scheduled at {@link #now}, oldest first. */
    private Event[] current = new Event[256];
    private int currentHead;
    private int currentSize;
    private long nextSeq;
    private long now;
    private long fired;
    private int cpu;

    /** smp_processor_id(): the CPU of the task that ran last (0 until one has). */
    public int cpu() {
        return cpu;
    }

    /** The running task is on {@code cpu}. */
    void setCpu(int cpu) {
        this.cpu = cpu;
    }

    /** Current virtual time in nanoseconds. */
    public long now() {
        return now;
    }

    /** Events fired so far. */
    public long fired() {
        return fired;
    }

    public int pending() {
        return size + currentSize;
    }

    /** Schedules {@code event} at absolute time {@code timeNs} (not before now). */
    public void at(long timeNs, Event event) {
        if (timeNs < now) {
            throw new IllegalArgumentException("event at " + timeNs + " ns is in the past (now " + now + " ns)");
        }
        if (timeNs == now) {
            addCurrent(event);
            return;
        }
        if (size == times.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            seqs = Arrays.copyOf(seqs, n);
            events = Arrays.copyOf(events, n);
        }
        int i = size++;
        long seq = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (!before(timeNs, seq, times[parent], seqs[parent])) {
                break;
            }
            times[i] = times[parent];
            seqs[i] = seqs[parent];
            events[i] = events[parent];
            i = parent;
        }
        times[i] = timeNs;
        seqs[i] = seq;
        events[i] = event;
    }

    private void addCurrent(Event event) {
        if (currentSize == current.length) {
            Event[] bigger = new Event[current.length * 2];
            for (int i = 0; i < currentSize; i++) {
                bigger[i] = current[(currentHead + i) & (current.length - 1)];
            }
            current = bigger;
            currentHead = 0;
        }
        current[(currentHead + currentSize++) & (current.length - 1)] = event;
        nextSeq++; // keeps the sequence numbers of heap events as they would be
    }

    /** Schedules {@code event} {@code delayNs} after now. */
    public void after(long delayNs, Event event) {
        at(now + delayNs, event);
    }

    /** Time of the next event, or {@link Long#MAX_VALUE} if none is pending. */
    public long nextTime() {
        if (currentSize > 0) {
            return now;
        }
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    /** Fires the earliest event; false if none was pending. */
    public boolean runNext() {
        if (currentSize > 0 && (size == 0 || times[0] != now)) {
            Event e = current[currentHead];
            current[currentHead] = null;
            currentHead = (currentHead + 1) & (current.length - 1);
            currentSize--;
            fired++;
            e.fire(now);
            return true;
        }
        if (size == 0) {
            return false;
        }
        long t = times[0];
        Event e = events[0];
        removeTop();
        now = t;
        fired++;
        e.fire(t);
        return true;
    }

    /** Fires events until none is pending. */
    public void run() {
        while (runNext()) {
            // each event may schedule more
        }
    }

    /** Fires events up to and including time {@code limitNs}, then sets the clock there. */
    public void runUntil(long limitNs) {
        while ((currentSize > 0 && now <= limitNs) || (size > 0 && times[0] <= limitNs)) {
            runNext();
        }
        if (limitNs > now) {
            now = limitNs;
        }
    }

    private void removeTop() {
        int last = --size;
        long t = times[last];
        long s = seqs[last];
        Event e = events[last];
        events[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        while (true) {
            int first = 4 * i + 1;
            if (first >= last) {
                break;
            }
            int child = first;
            int end = Math.min(first + 4, last);
            for (int c = first + 1; c < end; c++) {
                if (before(times[c], seqs[c], times[child], seqs[child])) {
                    child = c;
                }
            }
            if (!before(times[child], seqs[child], t, s)) {
                break;
            }
            times[i] = times[child];
            seqs[i] = seqs[child];
            events[i] = events[child];
            i = child;
        }
        times[i] = t;
        seqs[i] = s;
        events[i] = e;
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
