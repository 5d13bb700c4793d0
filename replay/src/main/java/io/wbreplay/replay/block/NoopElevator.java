package io.wbreplay.replay.block;

/**
 * block/noop-iosched.c: one FIFO; requests leave in arrival order. Merging is only what the queue does
 * generically (the back-merge hash and the one-hit last-merge cache).
 */
public final class NoopElevator implements Elevator {
    private final RequestList queue = new RequestList();

    @Override
    public String name() {
        return "noop";
    }

    @Override
    public void add(Request rq, long nowNs) {
        queue.addLast(rq); // noop_add_request()
    }

    @Override
    public Request dispatch(long nowNs) {
        return queue.pollFirst(); // noop_dispatch()
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public Request frontMergeCandidate(Bio bio) {
        return null;
    }

    @Override
    public void merged(Request rq, boolean front) {
        // the FIFO position does not depend on the sector
    }

    @Override
    public void mergedRequests(Request rq, Request next) {
        queue.remove(next); // noop_merged_requests()
    }

    @Override
    public Request former(Request rq) {
        return rq.prev; // noop_former_request()
    }

    @Override
    public Request latter(Request rq) {
        return rq.next; // noop_latter_request()
    }
}
