package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;

/**
 * A solid-state disk: no positioning cost; each command takes a fixed latency plus its transfer on one
 * channel, which moves data at the aggregate bandwidth divided by the number of channels. So one large
 * request sees 1/N of the bandwidth and N concurrent ones see all of it.
 */
public final class SolidStateDisk implements Device {
    private final SolidStateDiskConfig config;

    public SolidStateDisk(SolidStateDiskConfig config) {
        this.config = config;
    }

    public SolidStateDisk() {
        this(SolidStateDiskConfig.DEFAULT);
    }

    public SolidStateDiskConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "ssd";
    }

    @Override
    public long capacitySectors() {
        return config.capacitySectors();
    }

    @Override
    public long bandwidthBytesPerSecond() {
        return config.writeBytesPerSecond();
    }

    @Override
    public int queueDepth() {
        return config.queueDepth();
    }

    @Override
    public int parallelUnits() {
        return config.channels();
    }

    @Override
    public long cacheFlushNs() {
        return config.cacheFlushNs();
    }

    @Override
    public long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op) {
        return switch (op) {
            case READ -> config.readLatencyNs() + transferNs(bytes, config.readBytesPerSecond());
            case DISCARD -> config.discardLatencyNs();
            default -> config.writeLatencyNs() + transferNs(bytes, config.writeBytesPerSecond());
        };
    }

    private long transferNs(int bytes, long aggregateBytesPerSecond) {
        return Math.round(bytes * 1e9 * config.channels() / aggregateBytesPerSecond);
    }
}
