package io.wbreplay.replay.block;

/**
 * include/linux/list.h as used for request->queuelist: an intrusive doubly linked list of requests (a
 * plug list, an elevator FIFO, the flush queue). A request is on at most one list; adding and removing
 * allocate nothing.
 */
final class RequestList {
    private Request head;
    private Request tail;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    Request first() {
        return head;
    }

    Request last() {
        return tail;
    }

    /** list_add_tail(). */
    void addLast(Request rq) {
        if (rq.list != null) {
            throw new IllegalStateException(rq + " is already on a list");
        }
        rq.list = this;
        rq.prev = tail;
        rq.next = null;
        if (tail == null) {
            head = rq;
        } else {
            tail.next = rq;
        }
        tail = rq;
        size++;
    }

    /** Inserts {@code rq} just before {@code at} (list_move next to another entry). */
    void addBefore(Request at, Request rq) {
        if (at.list != this || rq.list != null) {
            throw new IllegalStateException("bad list insertion of " + rq);
        }
        rq.list = this;
        rq.next = at;
        rq.prev = at.prev;
        if (at.prev == null) {
            head = rq;
        } else {
            at.prev.next = rq;
        }
        at.prev = rq;
        size++;
    }

    /** list_del_init(). */
    void remove(Request rq) {
        if (rq.list != this) {
            throw new IllegalStateException(rq + " is not on this list");
        }
        if (rq.prev == null) {
            head = rq.next;
        } else {
            rq.prev.next = rq.next;
        }
        if (rq.next == null) {
            tail = rq.prev;
        } else {
            rq.next.prev = rq.prev;
        }
        rq.prev = null;
        rq.next = null;
        rq.list = null;
        size--;
    }

    Request pollFirst() {
        Request rq = head;
        if (rq != null) {
            remove(rq);
        }
        return rq;
    }
}
