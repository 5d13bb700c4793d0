package io.wbreplay.replay.sim;

/** include/asm-generic/param.h HZ: the kernel's clock tick, at the distributions' 250, in the model's nanoseconds. */
public final class Hz {
    /** Ticks per second (CONFIG_HZ=250). */
    public static final int HZ = 250;
    /** One jiffy: 4 ms. */
    public static final long JIFFY_NS = 1_000_000_000L / HZ;
    /** HZ/10, the 100 ms that congestion_wait(), reclaim_throttle(WRITEBACK) and many retries sleep. */
    public static final long HZ_10_NS = 100_000_000L;
    /** HZ/50, the 20 ms reclaim_throttle(VMSCAN_THROTTLE_ISOLATED) sleeps at most. */
    public static final long HZ_50_NS = 20_000_000L;

    private Hz() {
    }
}
