package io.wbreplay.replay.driver;

import io.wbreplay.traces.IoRecord;

/** A small ring of records read ahead for one stream; the record objects are reused. */
final class StreamQueue {
    private final IoRecord[] ring;
    private int head;
    private int size;

    StreamQueue(int capacity) {
        ring = new IoRecord[capacity];
        for (int i = 0; i < capacity; i++) {
            ring[i] = new IoRecord();
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean isFull() {
        return size == ring.length;
    }

    void add(IoRecord r) {
        ring[(head + size) % ring.length].set(r);
        size++;
    }

    /** Copies the oldest record into {@code into} and drops it. */
    void poll(IoRecord into) {
        into.set(ring[head]);
        head = (head + 1) % ring.length;
        size--;
    }
}
