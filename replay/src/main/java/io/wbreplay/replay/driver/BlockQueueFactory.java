package io.wbreplay.replay.driver;

import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.metrics.DispatchSink;
import io.wbreplay.replay.sim.EventLoop;

/** Builds the block layer and device of one run, reporting its dispatches and completions to {@code sink}. */
@FunctionalInterface
public interface BlockQueueFactory {
    BlockQueue create(EventLoop loop, DispatchSink sink);
}
