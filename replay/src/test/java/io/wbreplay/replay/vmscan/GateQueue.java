package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;

/**
 * Test block layer whose request pool can be shut: while shut, a submitter is told the queue is full
 * and sleeps (its bio is held); {@link #open} passes the held bios on and wakes the sleepers.
 */
public final class GateQueue implements BlockQueue {
    public final FixedDelayQueue inner;
    private final WaitQueue requestWait = new WaitQueue("request_wait");
    private final java.util.ArrayList<Object[]> held = new java.util.ArrayList<>();
    public boolean shut;

    public GateQueue(EventLoop loop, long delayNs) {
        inner = new FixedDelayQueue(loop, null, delayNs, 1024);
    }

    @Override
    public boolean submitBio(Task task, Bio bio) {
        if (!shut) {
            return inner.submitBio(task, bio);
        }
        held.add(new Object[] {task, bio});
        task.sleepOn(requestWait, StallCause.QUEUE_FULL);
        return false;
    }

    public void open() {
        shut = false;
        for (Object[] h : held) {
            inner.submitBio((Task) h[0], (Bio) h[1]);
        }
        held.clear();
        requestWait.wakeAll();
    }

    @Override
    public void startPlug(Task task) {
    }

    @Override
    public void finishPlug(Task task) {
    }

    @Override
    public boolean writeCongested() {
        return false;
    }

    @Override
    public int maxSectors() {
        return inner.maxSectors();
    }
}
