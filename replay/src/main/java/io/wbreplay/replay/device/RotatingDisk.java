package io.wbreplay.replay.device;

import io.wbreplay.traces.Operation;

/**
 * A rotating disk: seek (Ruemmler-Wilkes curve over cylinder distance), rotational latency, media
 * transfer. Rotation is deterministic: the platter's angle under the head is {@code frac(t / revolution)}
 * of virtual time, and a sector sits at angle {@code frac(sector / sectorsPerTrack)}, where a track holds
 * what the media rate delivers in one revolution. A request that starts at the head's sector (a
 * sequential continuation) costs only its transfer: the drive's track buffer and write cache stream it.
 * The platter's angle at time 0 is 0 unless a run varies it ({@code phaseNs}, a point in the first
 * revolution), as two runs on a real drive start at different rotational positions.
 */
public final class RotatingDisk implements Device {
    private final RotatingDiskConfig config;
    private final double revolutionNs;
    private final double sectorsPerTrack;
    private final double sectorsPerCylinder;
    private final double phaseNs;

    public RotatingDisk(RotatingDiskConfig config) {
        this(config, 0);
    }

    /** A disk whose platter, at time 0, is where it would be {@code phaseNs} later starting from angle 0. */
    public RotatingDisk(RotatingDiskConfig config, double phaseNs) {
        this.config = config;
        this.phaseNs = phaseNs;
        this.revolutionNs = 60e9 / config.rpm();
        this.sectorsPerTrack = config.mediaBytesPerSecond() * (revolutionNs / 1e9) / 512.0;
        this.sectorsPerCylinder = (double) config.capacitySectors() / config.cylinders();
    }

    public RotatingDisk() {
        this(RotatingDiskConfig.DEFAULT);
    }

    /** One revolution of the platter. */
    public double revolutionNs() {
        return revolutionNs;
    }

    public RotatingDiskConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "hdd";
    }

    @Override
    public long capacitySectors() {
        return config.capacitySectors();
    }

    @Override
    public long bandwidthBytesPerSecond() {
        return config.mediaBytesPerSecond();
    }

    @Override
    public int queueDepth() {
        return config.queueDepth();
    }

    @Override
    public int parallelUnits() {
        return 1;
    }

    @Override
    public long cacheFlushNs() {
        return config.cacheFlushNs();
    }

    /** The cylinder holding {@code sector}. */
    public long cylinder(long sector) {
        return Math.min(config.cylinders() - 1, (long) (sector / sectorsPerCylinder));
    }

    /** Seek time for a distance of {@code cylinders} (0 for none). */
    public double seekNs(long cylinders) {
        if (cylinders <= 0) {
            return 0;
        }
        if (cylinders < config.seekBoundaryCylinders()) {
            return config.seekShortBaseNs() + config.seekShortSqrtNs() * Math.sqrt(cylinders);
        }
        return config.seekLongBaseNs() + config.seekLongPerCylinderNs() * cylinders;
    }

    /** Wait from {@code timeNs} until {@code sector} comes under the head. */
    public double rotationalLatencyNs(long timeNs, long sector) {
        double platter = fraction((timeNs + phaseNs) / revolutionNs);
        double target = fraction(sector / sectorsPerTrack);
        return fraction(target - platter) * revolutionNs;
    }

    /** Media transfer time of {@code bytes}. */
    public double transferNs(int bytes) {
        return bytes * 1e9 / config.mediaBytesPerSecond();
    }

    @Override
    public long serviceNs(long startNs, long headSector, long sector, int bytes, Operation op) {
        if (op == Operation.DISCARD) {
            return 0; // a disk has no TRIM: the command does no media work
        }
        long transfer = Math.round(transferNs(bytes));
        if (sector == headSector) {
            return transfer;
        }
        long seek = Math.round(seekNs(Math.abs(cylinder(sector) - cylinder(headSector))));
        long rotation = Math.round(rotationalLatencyNs(startNs + seek, sector));
        return seek + rotation + transfer;
    }

    private static double fraction(double x) {
        return x - Math.floor(x);
    }
}
