package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;

/**
 * A device whose every command takes its model's service time scaled by a factor in
 * [1 - jitter, 1 + jitter]: what varies between two runs of the same I/O on a real drive (command
 * overhead, zones, thermal recalibration). The factor is a hash of the seed and the command, so the
 * device stays a pure function of its arguments and the same seed gives the same run.
 */
public final class ServiceTimeJitter implements Device {
    private final Device inner;
    private final double jitter;
    private final long seed;

    public ServiceTimeJitter(Device inner, double jitter, long seed) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("service-time jitter must be in [0, 1), not " + jitter);
        }
        this.inner = inner;
        this.jitter = jitter;
        this.seed = seed;
    }

    @Override
    public long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op) {
        long t = inner.serviceNs(startNs, headSector, sector, bytes, op);
        long h = mix(seed ^ mix(startNs ^ mix(sector * 31 + bytes + op.ordinal())));
        double u = (h >>> 11) * 0x1.0p-53; // uniform in [0, 1)
        return Math.round(t * (1 + jitter * (2 * u - 1)));
    }

    /** SplittableRandom's finaliser (Stafford's mix13): a good 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long capacitySectors() {
        return inner.capacitySectors();
    }

    @Override
    public long bandwidthBytesPerSecond() {
        return inner.bandwidthBytesPerSecond();
    }

    @Override
    public int queueDepth() {
        return inner.queueDepth();
    }

    @Override
    public int parallelUnits() {
        return inner.parallelUnits();
    }

    @Override
    public long cacheFlushNs() {
        return inner.cacheFlushNs();
    }
}
