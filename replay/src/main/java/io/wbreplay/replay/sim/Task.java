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
    private final String name;
    private final int pid;
    private State state = State.RUNNABLE;
    private WaitQueue waitingOn;
    private StallCause stallCause;
    private long stallStart;
    private boolean scheduled;

    protected Task(EventLoop loop, String name, int pid) {
        this.loop = loop;
        this.name = name;
        this.pid = pid;
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

    /** Runs the task's next steps at the current instant. */
    protected abstract void run(long nowNs);

    /**
     * Called when a wait ends: {@code cause} is null for a wait that is not a stall, else the stall's
     * kind and its length. Override to record stall metrics.
     */
    protected void stalled(StallCause cause, long startNs, long endNs) {
    }

    /** Makes the task run at the current instant (or now, if it already is runnable and not queued). */
    public final void start() {
        schedule(loop.now());
    }

    /** Sleeps on {@code queue} until woken; {@code cause} (may be null) names the stall. Return after calling. */
    public final void sleepOn(WaitQueue queue, StallCause cause) {
        state = State.WAITING;
        waitingOn = queue;
        stallCause = cause;
        stallStart = loop.now();
        queue.add(this);
    }

    /** Sleeps for {@code ns} of virtual time; {@code cause} (may be null) names the stall. Return after calling. */
    public final void sleepFor(long ns, StallCause cause) {
        state = State.SLEEPING;
        stallCause = cause;
        stallStart = loop.now();
        schedule(loop.now() + ns);
    }

    /** Ends the task; it is never run again. */
    public final void exit() {
        state = State.DONE;
    }

    /** Called by a {@link WaitQueue}: the task becomes runnable at the current instant. */
    final void wake() {
        if (state != State.WAITING) {
            return;
        }
        waitingOn = null;
        endStall();
        schedule(loop.now());
    }

    private void endStall() {
        state = State.RUNNABLE;
        StallCause c = stallCause;
        stallCause = null;
        stalled(c, stallStart, loop.now());
    }

    private void schedule(long time) {
        if (!scheduled) {
            scheduled = true;
            loop.at(time, this);
        }
    }

    @Override
    public final void fire(long nowNs) {
        scheduled = false;
        if (state == State.DONE) {
            return;
        }
        if (state == State.SLEEPING) {
            endStall();
        }
        if (state == State.RUNNABLE) {
            run(nowNs);
        }
    }

    @Override
    public String toString() {
        return name + "[" + pid + "]";
    }
}
