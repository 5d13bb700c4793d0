package io.wbreplay.replay.block;

import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;

/** A task the tests drive by hand: it records its runs and stalls and runs an optional body. */
final class TestTask extends Task {
    int runs;
    StallCause stallCause;
    long stallStartNs = -1;
    long stallEndNs = -1;
    Runnable body;

    TestTask(EventLoop loop, String name, int pid) {
        super(loop, name, pid);
    }

    @Override
    protected void run(long nowNs) {
        runs++;
        if (body != null) {
            body.run();
        }
    }

    @Override
    protected void stalled(StallCause cause, long startNs, long endNs) {
        stallCause = cause;
        stallStartNs = startNs;
        stallEndNs = endNs;
    }
}
