package io.wbreplay.replay.sim;

/**
 * Something that happens at a point of virtual time. Long-lived objects (a task's wake-up, a device's
 * completion) implement it once and are scheduled again and again, so the event loop allocates nothing
 * per event.
 */
@FunctionalInterface
public interface Event {
    /** Called by the {@link EventLoop} when virtual time reaches the scheduled instant. */
    void fire(long nowNs);
}
