package io.wbreplay.replay.block;

/**
 * Sees what the block layer does, in blktrace terms: Q (a bio queued), M/F (a bio back or front merged
 * into a request), G (a request allocated), S (the submitter slept for a request), I (a request inserted
 * into the scheduler), D (issued to the device), C (completed). The bio and request objects carry the
 * time-independent facts (sector, bytes, op, flags, origin, pid); they are reused after the event, so a
 * listener copies what it keeps. Every method defaults to doing nothing.
 */
public interface DispatchListener {
    /** Q: {@code bio} entered the block layer (block_bio_queue). */
    default void onQueue(long nowNs, Bio bio) {
    }

    /** M or F: {@code bio} was merged at the back ({@code front} false) or front of {@code rq}. */
    default void onMerge(long nowNs, Bio bio, Request rq, boolean front) {
    }

    /** G: {@code rq} was allocated for {@code bio} (block_getrq). */
    default void onGetRequest(long nowNs, Bio bio, Request rq) {
    }

    /** S: no request was free; {@code bio}'s submitter sleeps (block_sleeprq). */
    default void onSleep(long nowNs, Bio bio) {
    }

    /** I: {@code rq} entered the I/O scheduler or the flush queue (block_rq_insert). */
    default void onInsert(long nowNs, Request rq) {
    }

    /** D: {@code rq} was issued to the device (block_rq_issue). */
    default void onDispatch(long nowNs, Request rq) {
    }

    /** C: the device completed {@code rq} (block_rq_complete), before its bios' end_io. */
    default void onComplete(long nowNs, Request rq) {
    }
}
