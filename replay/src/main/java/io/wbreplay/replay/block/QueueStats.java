package io.wbreplay.replay.block;

/**
 * What a request queue has done, counted (the block layer's debugfs/sysfs counters): read by tests and
 * diagnostics, never by the model.
 */
public final class QueueStats {
    long bios;
    long backMerges;
    long frontMerges;
    long requestMerges;
    long requests;
    long queueFullSleeps;
    long dispatched;
    long completed;

    /** Bios submitted. */
    public long bios() {
        return bios;
    }

    /** Bios merged at the back of a request. */
    public long backMerges() {
        return backMerges;
    }

    /** Bios merged at the front of a request. */
    public long frontMerges() {
        return frontMerges;
    }

    /** Requests merged into a neighbour (attempt_merge()). */
    public long requestMerges() {
        return requestMerges;
    }

    /** Requests allocated. */
    public long requests() {
        return requests;
    }

    /** Times a submitter slept because its half of the pool was full. */
    public long queueFullSleeps() {
        return queueFullSleeps;
    }

    public long dispatched() {
        return dispatched;
    }

    public long completed() {
        return completed;
    }
}
