package io.wbreplay.replay;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.metrics.DispatchSink;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Test block layer: dispatches each bio at once, unmerged, split into pieces of max_sectors as
 * bio_split_to_limits() does, and completes it after a fixed delay.
 */
public final class FixedDelayQueue implements BlockQueue {
    private final EventLoop loop;
    private final DispatchSink sink;
    private final long delayNs;
    private final int maxSectors;
    /** Every dispatched bio, in order. */
    public final List<long[]> dispatched = new ArrayList<>(); // {timeNs, sector, bytes, write?1:0, origin}
    /** Keep {@link #dispatched} (off for long runs). */
    public boolean record = true;

    public FixedDelayQueue(EventLoop loop, DispatchSink sink, long delayNs, int maxSectors) {
        this.loop = loop;
        this.sink = sink;
        this.delayNs = delayNs;
        this.maxSectors = maxSectors;
    }

    @Override
    public boolean submitBio(Task task, Bio bio) {
        long now = loop.now();
        bio.queuedNs = now;
        int max = maxSectors << 9;
        for (int off = 0; off < bio.bytes; off += max) {
            long sector = bio.sector + (off >>> 9);
            int bytes = Math.min(max, bio.bytes - off);
            if (record) dispatched.add(new long[] {now, sector, bytes, bio.op == io.wbreplay.traces.Operation.WRITE ? 1 : 0, bio.origin.ordinal()});
            if (sink != null) {
                sink.dispatch(now, 1, bio.op, sector, bytes, task == null ? 0 : task.pid(), bio.origin);
                loop.at(now + delayNs, t -> sink.complete(t, 1, bio.op, sector, bytes, now));
            }
        }
        loop.at(now + delayNs, t -> bio.endIo.endIo(bio, t));
        return true;
    }

    @Override
    public void startPlug(Task task) {
    }

    @Override
    public void finishPlug(Task task) {
    }

    @Override
    public boolean writeCongested() {
        return false;
    }

    @Override
    public int maxSectors() {
        return maxSectors;
    }
}
