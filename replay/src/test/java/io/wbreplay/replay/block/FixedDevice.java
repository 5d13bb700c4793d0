package io.wbreplay.replay.block;

import io.wbreplay.replay.device.Device;
import io.wbreplay.traces.Operation;

/** A device whose every data command takes the same time, so expected timelines are simple sums. */
record FixedDevice(long commandNs, long flushNs, int queueDepth, int parallelUnits) implements Device {
    FixedDevice(long commandNs) {
        this(commandNs, 0, 1, 1);
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public long capacitySectors() {
        return 1L << 40;
    }

    @Override
    public long bandwidthBytesPerSecond() {
        return 1;
    }

    @Override
    public long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op) {
        return commandNs;
    }

    @Override
    public long cacheFlushNs() {
        return flushNs;
    }
}
