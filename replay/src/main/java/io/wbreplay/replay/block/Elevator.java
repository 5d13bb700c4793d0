package io.wbreplay.replay.block;

/**
 * include/linux/elevator.h: struct elevator_ops, the I/O scheduler behind a {@link RequestQueue}. The
 * queue does the generic work (the one-hit merge cache, the back-merge hash, request pool, dispatch to
 * the device); the elevator keeps the queued requests and decides their order. Create one by name with
 * {@link Elevators#create(String)}.
 */
public interface Elevator {
    /** The scheduler's name as in /sys/block/DEV/queue/scheduler. */
    String name();

    /** elevator_add_req_fn: takes a new request at {@code nowNs}. */
    void add(Request rq, long nowNs);

    /** elevator_dispatch_fn: removes and returns the request to send to the device next, or null. */
    Request dispatch(long nowNs);

    boolean isEmpty();

    /**
     * elevator_merge_fn: a queued request that {@code bio} may be front-merged into (one that starts where
     * the bio ends), beyond what the queue's back-merge hash finds; null if none or not supported.
     */
    Request frontMergeCandidate(Bio bio);

    /**
     * elevator_merged_fn: a bio was merged into {@code rq}. Called with {@code front} true after a front
     * merge, once the request's start sector has changed.
     */
    void merged(Request rq, boolean front);

    /** elevator_merge_req_fn: {@code next} was merged into {@code rq} and leaves the scheduler. */
    void mergedRequests(Request rq, Request next);

    /** elevator_former_req_fn: the queued request before {@code rq} in the scheduler's order, or null. */
    Request former(Request rq);

    /** elevator_latter_req_fn: the queued request after {@code rq} in the scheduler's order, or null. */
    Request latter(Request rq);
}
