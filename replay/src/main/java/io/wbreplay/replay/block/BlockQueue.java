package io.wbreplay.replay.block;

import io.wbreplay.replay.sim.Task;

/**
 * The block layer as the writeback core sees it (block/blk-core.c submit_bio(), blk_start_plug(),
 * blk_finish_plug()): plugging, merging, the elevator and the queue depth live behind it.
 */
public interface BlockQueue {
    /**
     * Takes {@code bio} from {@code task}. The bio is always accepted; when the queue has no free
     * request (nr_requests reached) the task is put to sleep with a QUEUE_FULL stall and this returns
     * false: the caller must return from its step and continue after the submission when run again.
     *
     * @return true if the task may go on at once
     */
    boolean submitBio(Task task, Bio bio);

    /** blk_start_plug(): hold the task's bios back so that neighbours merge before dispatch. */
    void startPlug(Task task);

    /** blk_finish_plug(): send the task's plugged bios to the elevator. */
    void finishPlug(Task task);

    /** bdi write congestion (blk-core.c: on at 113 of 128 requests, off at 103). */
    boolean writeCongested();

    /** max_sectors_kb in 512-byte sectors: the largest request the device takes. */
    int maxSectors();
}
