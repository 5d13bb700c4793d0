package io.wbreplay.replay.hazard;

/** A run stopped by {@link OnDeadlock#ABORT}: the message names the cycle (tasks, pages, time). */
public final class DeadlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Hazard cycle;

    public DeadlockException(Hazard cycle) {
        super("deadlock at " + cycle.timeNs() / 1e9 + " s: " + cycle.description());
        this.cycle = cycle;
    }

    public Hazard cycle() {
        return cycle;
    }
}
