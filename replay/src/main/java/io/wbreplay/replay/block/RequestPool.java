package io.wbreplay.replay.block;

import io.wbreplay.replay.sim.WaitQueue;
import java.util.ArrayDeque;

/**
 * block/blk-core.c: struct request_list with get_request(), freed_request() and
 * blk_queue_congestion_threshold(). Two halves, async (buffered writes) and sync (reads, REQ_SYNC
 * writes), each limited to nr_requests; a half is congested from the allocation that brings it to
 * nr_requests - nr_requests/8 + 1 (113 of 128) until a free brings it below
 * nr_requests - nr_requests/8 - nr_requests/16 - 1 (103). Tasks that find their half full sleep on its
 * wait queue, and their bios wait here in the same FIFO order.
 *
 * <p>The kernel lets the task that fills the queue, and each task once woken, allocate a batch beyond
 * the limit for a while (ioc_batching(), BLK_BATCH_TIME); this model keeps nr_requests a hard limit.
 */
final class RequestPool {
    static final int ASYNC = 0;
    static final int SYNC = 1;

    private final int nrRequests;
    private final int congestionOn;
    private final int congestionOff;
    private final Request[] free;
    private int nrFree;
    private final int[] count = new int[2];
    private final boolean[] congested = new boolean[2];
    private final WaitQueue[] wait = {new WaitQueue("request-list-async"), new WaitQueue("request-list-sync")};
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Bio>[] waitingBios = new ArrayDeque[] {new ArrayDeque<Bio>(), new ArrayDeque<Bio>()};

    RequestPool(RequestQueue queue, int nrRequests) {
        this.nrRequests = nrRequests;
        int on = nrRequests - nrRequests / 8 + 1;
        this.congestionOn = Math.min(on, nrRequests);
        int off = nrRequests - nrRequests / 8 - nrRequests / 16 - 1;
        this.congestionOff = Math.max(off, 1);
        this.free = new Request[2 * nrRequests];
        for (int i = 0; i < free.length; i++) {
            free[i] = new Request(queue);
        }
        this.nrFree = free.length;
    }

    static int index(boolean sync) {
        return sync ? SYNC : ASYNC;
    }

    int congestionOnThreshold() {
        return congestionOn;
    }

    int congestionOffThreshold() {
        return congestionOff;
    }

    /** Requests allocated from one half. */
    int count(int half) {
        return count[half];
    }

    boolean congested(int half) {
        return congested[half];
    }

    boolean canAllocate(int half) {
        return count[half] < nrRequests;
    }

    WaitQueue waitQueue(int half) {
        return wait[half];
    }

    /** get_request(): the caller has checked {@link #canAllocate}. */
    Request allocate(int half) {
        if (count[half] + 1 >= congestionOn) {
            congested[half] = true;
        }
        count[half]++;
        return free[--nrFree];
    }

    /** freed_request() + blk_free_request(). */
    void free(Request rq) {
        int half = index(rq.sync);
        rq.clear();
        free[nrFree++] = rq;
        count[half]--;
        if (count[half] < congestionOff) {
            congested[half] = false;
        }
    }

    void addWaiter(int half, Bio bio) {
        waitingBios[half].addLast(bio);
    }

    boolean hasWaiter(int half) {
        return !waitingBios[half].isEmpty();
    }

    Bio pollWaiter(int half) {
        return waitingBios[half].pollFirst();
    }
}
