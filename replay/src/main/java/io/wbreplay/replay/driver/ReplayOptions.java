package io.wbreplay.replay.driver;

import io.wbreplay.replay.metrics.DispatchEvents;

/**
 * How a trace is replayed: open or closed loop, sector-level traces buffered or direct, and which
 * events the dispatch log keeps.
 */
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
    /** The events {@link ReplayRun} writes to the dispatch log. */
    public DispatchEvents dispatchLog = DispatchEvents.DEFAULT;
}
