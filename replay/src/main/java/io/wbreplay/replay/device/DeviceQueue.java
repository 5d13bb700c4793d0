package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;

/**
 * The device's command queue (the driver's tags, block/blk-tag.c): up to {@link Device#queueDepth()}
 * commands in flight, each served in arrival order by the unit (disk head, SSD channel) that frees
 * first. It remembers, per unit, when it becomes free and where its head was left. Ties go to the lowest
 * unit, so a run is deterministic.
 */
public final class DeviceQueue {
    private final Device device;
    private final long[] freeAtNs;
    private final long[] headSector;
    private int inFlight;
    private long busyNs;

    public DeviceQueue(Device device) {
        this.device = device;
        this.freeAtNs = new long[device.parallelUnits()];
        this.headSector = new long[device.parallelUnits()];
    }

    public Device device() {
        return device;
    }

    /** True while the device accepts another command. */
    public boolean canAccept() {
        return inFlight < device.queueDepth();
    }

    public int inFlight() {
        return inFlight;
    }

    /** Summed service time of all commands started so far (device busy time over all units). */
    public long busyNs() {
        return busyNs;
    }

    /**
     * Starts a command at {@code nowNs} and returns its completion time. A pre-flush runs before the data,
     * a post-flush (FUA on a device without native FUA) after it; a command without data ({@code bytes}
     * 0) does only its flushes.
     */
    public long start(long nowNs, long sector, int bytes, Operation op, boolean preflush, boolean postflush) {
        if (!canAccept()) {
            throw new IllegalStateException("device queue full (" + inFlight + " in flight)");
        }
        int unit = 0;
        for (int u = 1; u < freeAtNs.length; u++) {
            if (freeAtNs[u] < freeAtNs[unit]) {
                unit = u;
            }
        }
        long begin = Math.max(nowNs, freeAtNs[unit]);
        long t = begin;
        if (preflush) {
            t += device.cacheFlushNs();
        }
        if (bytes > 0 || op == Operation.DISCARD) {
            t += device.serviceNs(t, headSector[unit], sector, bytes, op);
            if (op != Operation.DISCARD) {
                headSector[unit] = sector + (bytes >>> 9);
            }
        }
        if (postflush) {
            t += device.cacheFlushNs();
        }
        freeAtNs[unit] = t;
        busyNs += t - begin;
        inFlight++;
        return t;
    }

    /** A command has completed. */
    public void complete() {
        if (inFlight == 0) {
            throw new IllegalStateException("completion with nothing in flight");
        }
        inFlight--;
    }
}
