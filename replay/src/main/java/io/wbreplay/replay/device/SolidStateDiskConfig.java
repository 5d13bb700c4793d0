package io.wbreplay.replay.device;

/**
 * Parameters of {@link SolidStateDisk}. The {@link #DEFAULT} models a SATA 3 SSD of the 2012 kind
 * (datasheets of that class: ~520 MB/s sequential read, ~480 MB/s sequential write, 4 KiB QD1 latency
 * around 0.1 ms read and a few tens of microseconds write into its DRAM buffer; 8 flash channels; NCQ
 * depth 31 as libata exposes it): read latency 90 us, write latency 40 us, discard 40 us, cache flush
 * 0.5 ms, 256 GB.
 *
 * @param capacitySectors size in 512-byte sectors
 * @param channels flash channels serving commands concurrently
 * @param queueDepth commands accepted at once (NCQ tags)
 * @param readLatencyNs fixed cost of a read command
 * @param writeLatencyNs fixed cost of a write command
 * @param discardLatencyNs cost of a discard (TRIM) command, which moves no data
 * @param readBytesPerSecond aggregate read bandwidth over all channels
 * @param writeBytesPerSecond aggregate write bandwidth over all channels
 * @param cacheFlushNs cost of a cache flush command
 */
public record SolidStateDiskConfig(
        long capacitySectors,
        int channels,
        int queueDepth,
        long readLatencyNs,
        long writeLatencyNs,
        long discardLatencyNs,
        long readBytesPerSecond,
        long writeBytesPerSecond,
        long cacheFlushNs) {

    /** A 256 GB SATA SSD; see the class comment. */
    public static final SolidStateDiskConfig DEFAULT = new SolidStateDiskConfig(
            500_118_192L, 8, 31, 90_000L, 40_000L, 40_000L, 520_000_000L, 480_000_000L, 500_000L);

    public SolidStateDiskConfig {
        if (capacitySectors <= 0 || channels < 1 || queueDepth < 1) {
            throw new IllegalArgumentException("SSD needs positive capacity, channels and queue depth, got "
                    + capacitySectors + " sectors, " + channels + " channels, depth " + queueDepth);
        }
        if (readLatencyNs < 0 || writeLatencyNs < 0 || discardLatencyNs < 0 || cacheFlushNs < 0
                || readBytesPerSecond <= 0 || writeBytesPerSecond <= 0) {
            throw new IllegalArgumentException("SSD latencies must be non-negative and bandwidths positive");
        }
    }
}
