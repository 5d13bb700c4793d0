package io.wbreplay.replay.driver;

/** How a trace is replayed: open or closed loop, and sector-level traces buffered or direct. */
public final class ReplayOptions {
    /** Issue as fast as the core allows instead of at the recorded times. */
    public boolean closedLoop;
    /** Sector-level traces go straight to the block queue instead of through the block-device inode. */
    public boolean direct;
    /** Records buffered per stream before the reader waits for that stream (the lookahead). */
    public int lookahead = 1024;
    /** After the last record, simulate at most this long waiting for the page cache to be clean. */
    public long drainLimitNs = 600_000_000_000L;
    /** What the seed varies between repeated runs (nothing by default). */
    public RunVariation variation = RunVariation.NONE;
}
