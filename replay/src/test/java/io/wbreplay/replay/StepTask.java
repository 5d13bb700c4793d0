package io.wbreplay.replay;

import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import java.util.function.BooleanSupplier;

/** A test task that runs one resumable step until it reports done, noting when. */
public final class StepTask extends Task {
    public BooleanSupplier step;
    public long doneAtNs = -1;

    public StepTask(EventLoop loop, String name, int pid) {
        super(loop, name, pid);
    }

    @Override
    protected void run(long nowNs) {
        if (step.getAsBoolean()) {
            doneAtNs = nowNs;
            exit();
        }
    }
}
