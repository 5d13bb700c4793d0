package io.wbreplay.traces;

/**
 * A k-way merge by time: a binary heap of source indexes ordered by each source's current time, ties
 * going to the lower index so that equal times keep the order of the sources (per-CPU blktrace files,
 * the files of a multi-file trace). No allocation after construction.
 */
public final class TimeMergeHeap {
    private final int[] heap;
    private final long[] time;
    private int size;

    public TimeMergeHeap(int sources) {
        heap = new int[sources];
        time = new long[sources];
    }

    /** Adds {@code source} at {@code timeNs}; call {@link #heapify()} once all are added. */
    public void add(int source, long timeNs) {
        time[source] = timeNs;
        heap[size++] = source;
    }

    public void heapify() {
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The source with the earliest time. */
    public int top() {
        return heap[0];
    }

    /** The top source moved on to {@code timeNs}. */
    public void updateTop(long timeNs) {
        time[heap[0]] = timeNs;
        siftDown(0);
    }

    /** The top source is exhausted. */
    public void removeTop() {
        heap[0] = heap[--size];
        siftDown(0);
    }

    private void siftDown(int at) {
        int n = size;
        if (n < 2) {
            return;
        }
        int item = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], item)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = item;
    }

    private boolean before(int a, int b) {
        return time[a] < time[b] || (time[a] == time[b] && a < b);
    }
}
