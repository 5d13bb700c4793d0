package io.wbreplay.replay.sim;

/**
 * A schedulable context (a trace stream's writer, the flusher, kswapd) written as a resumable step
 * function: {@link #run(long)} does as much as it can at the current instant and returns; to wait it calls
 * {@link #sleepOn} or {@link #sleepFor} and returns, keeping in its own fields where to resume. When
 * woken, {@code run} is called again. There are no threads: this is how one virtual clock runs many
 * tasks deterministically.
 */
public abstract class Task implements Event {
    /** The task's state, as in the kernel: runnable, sleeping on a queue or a timer, or finished. */
    public enum State { RUNNABLE, WAITING, SLEEPING, DONE }

    protected final EventLoop loop;
    /** The CPU the task runs on: where its page frees and allocations go ({@link EventLoop#cpu()}). */
    private int cpu;
    private final String name;
    private final int pid;
    private State state = State.RUNNABLE;
    private WaitQueue waitingOn;
    private StallCause stallCause;
    private long stallStart;
    /** End of a timed sleep (or of a wait's timeout); MAX_VALUE for an untimed wait. */
    private long wakeAt = Long.MAX_VALUE;
    /** An event to run the task at the current instant is pending. */
    private boolean runQueued;
    /** The neighbours on the {@link WaitQueue} this task waits on. */
    Task waitPrev;
    Task waitNext;

    protected Task(EventLoop loop, String name, int pid) {
        this.loop = loop;
        this.name = name;
        this.pid = pid;
    }

    /** Puts the task on {@code cpu} (0 by default). */
    public final void setCpu(int cpu) {
        this.cpu = cpu;
    }

    public String name() {
        return name;
    }

    public int pid() {
        return pid;
    }

    public State state() {
        return state;
    }

    /** The queue this task sleeps on, or null. */
    public WaitQueue waitingOn() {
        return waitingOn;
    }

    /** What the task is doing, for diagnostics: e.g. {@code stream-7[7] WAITING on kswapd_wait (direct-reclaim)}. */
    public String status() {
        StringBuilder b = new StringBuilder(toString()).append(' ').append(state);
        if (waitingOn != null) {
            b.append(" on ").append(waitingOn.name());
        }
        if (stallCause != null) {
            b.append(" (").append(stallCause.label()).append(')');
        }
        return b.toString();
    }

    /** The stall the task is in while it waits or sleeps, or null. */
    public StallCause stallCause() {
        return stallCause;
    }

    /** Runs the task's next steps at the current instant. */
    protected abstract void run(long nowNs);

    /**
     * Called when a wait ends: {@code cause} is null for a wait that is not a stall, else the stall's
     * kind and its length. Override to record stall metrics.
     */
    protected void stalled(StallCause cause, long startNs, long endNs) {
    }

    /** Makes the task run at the current instant (if it is runnable and not already queued). */
    public final void start() {
        if (state == State.RUNNABLE) {
            queueRun();
        }
    }

    /** Sleeps on {@code queue} until woken; {@code cause} (may be null) names the stall. Return after calling. */
    public final void sleepOn(WaitQueue queue, StallCause cause) {
        sleepOnFor(queue, Long.MAX_VALUE, cause);
    }

    /**
     * Sleeps on {@code queue} until woken or until {@code timeoutNs} have passed (wait_event_timeout);
     * {@code Long.MAX_VALUE} means no timeout. Return after calling.
     */
    public final void sleepOnFor(WaitQueue queue, long timeoutNs, StallCause cause) {
        state = State.WAITING;
        waitingOn = queue;
        stallCause = cause;
        stallStart = loop.now();
        queue.add(this);
        if (timeoutNs != Long.MAX_VALUE) {
            wakeAt = loop.now() + timeoutNs;
            loop.at(wakeAt, this);
        } else {
            wakeAt = Long.MAX_VALUE;
        }
    }

    /** Sleeps for {@code ns} of virtual time; {@code cause} (may be null) names the stall. Return after calling. */
    public final void sleepFor(long ns, StallCause cause) {
        state = State.SLEEPING;
        stallCause = cause;
        stallStart = loop.now();
        wakeAt = loop.now() + Math.max(0, ns);
        loop.at(wakeAt, this);
    }

    /** Ends a timed sleep early (wake_up_process()); no effect on a task that is not sleeping. */
    public final void wakeUp() {
        if (state == State.SLEEPING) {
            endStall();
            queueRun();
        } else if (state == State.WAITING) {
            waitingOn.remove(this); // else the queue would keep a stale entry for every such wake-up
            wake();
        }
    }

    /** Ends the task; it is never run again. */
    public final void exit() {
        if (waitingOn != null) {
            waitingOn.remove(this);
            waitingOn = null;
        }
        state = State.DONE;
    }

    /** Called by a {@link WaitQueue}: the task becomes runnable at the current instant. */
    final void wake() {
        if (state != State.WAITING) {
            return;
        }
        waitingOn = null;
        endStall();
        queueRun();
    }

    private void endStall() {
        state = State.RUNNABLE;
        wakeAt = Long.MAX_VALUE;
        StallCause c = stallCause;
        stallCause = null;
        stalled(c, stallStart, loop.now());
    }

    private void queueRun() {
        if (!runQueued) {
            runQueued = true;
            loop.at(loop.now(), this);
        }
    }

    @Override
    public final void fire(long nowNs) {
        loop.setCpu(cpu);
        switch (state) {
            case DONE:
                return;
            case SLEEPING:
                if (nowNs >= wakeAt) {
                    endStall();
                    runQueued = false;
                    run(nowNs);
                }
                return;
            case WAITING:
                if (nowNs >= wakeAt) { // the wait timed out
                    waitingOn.remove(this);
                    waitingOn = null;
                    endStall();
                    runQueued = false;
                    run(nowNs);
                }
                return;
            default:
                if (runQueued) {
                    runQueued = false;
                    run(nowNs);
                }
        }
    }

    @Override
    public String toString() {
        return name + "[" + pid + "]";
    }
}
