package io.wbreplay.replay.device;

import io.wbreplay.traces.Units;
import java.util.List;
import java.util.SplittableRandom;

/** The device models by name, with their documented default parameters. */
public final class Devices {
    /** Known model names. */
    public static final List<String> NAMES = List.of("hdd", "ssd", "throttled:BPS:IOPS", "calibrated:FILE");

    private Devices() {
    }

    /**
     * {@code hdd}: {@link RotatingDiskConfig#DEFAULT}; {@code ssd}: {@link SolidStateDiskConfig#DEFAULT};
     * {@code throttled:50M:200}: a {@link LoopDevice}, which the block layer puts behind blk-throttle's
     * limits of 50 MiB/s and 200 write IOPS ({@link #throttle(String)});
     * {@code calibrated:FILE}: a {@link CalibratedDevice} fitted to a recording (wbreplay validate writes FILE).
     *
     * @throws IllegalArgumentException naming the known models, if {@code name} is none of them
     */
    public static Device create(String name) {
        if (name.startsWith("calibrated:")) {
            return CalibratedDevice.read(java.nio.file.Path.of(name.substring("calibrated:".length())));
        }
        if (throttle(name) != null) {
            return new LoopDevice();
        }
        return switch (name) {
            case "hdd" -> new RotatingDisk();
            case "ssd" -> new SolidStateDisk();
            default -> throw new IllegalArgumentException(
                    "unknown device model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        };
    }

    /** blkio.throttle.write_bps_device and write_iops_device of a {@code throttled:BPS:IOPS} device. */
    public record Throttle(long writeBytesPerSecond, long writeIops) {
        public Throttle {
            if (writeBytesPerSecond <= 0 || writeIops <= 0) {
                throw new IllegalArgumentException("a throttled device needs a positive byte rate and IOPS, not "
                        + writeBytesPerSecond + " B/s and " + writeIops + " IOPS");
            }
        }
    }

    /** The write limits of {@code throttled:BPS:IOPS}, or null for a device without them. */
    public static Throttle throttle(String name) {
        if (!name.startsWith("throttled:")) {
            return null;
        }
        String[] p = name.split(":");
        if (p.length != 3) {
            throw new IllegalArgumentException("device '" + name + "': expected throttled:BPS:IOPS, e.g. throttled:50M:200");
        }
        return new Throttle(number(name, p[1], true), number(name, p[2], false));
    }

    private static long number(String device, String s, boolean size) {
        try {
            return size ? Units.parseSize(s) : Long.parseLong(s);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new IllegalArgumentException("device '" + device + "': '" + s + "' is not a "
                    + (size ? "size (e.g. 50M)" : "whole number"));
        }
    }

    /**
     * The model {@code name} as one of several repeated runs sees it: with {@code randomRotation} a
     * disk's platter starts at an angle drawn from {@code seed}; with {@code serviceJitter > 0} every
     * command's service time is scaled by up to that fraction either way ({@link ServiceTimeJitter}).
     * A throttled device's {@link LoopDevice} always varies by its measured {@link LoopDevice#SPREAD}
     * (seeded). Otherwise, without either, this is {@link #create(String)}, whatever the seed.
     */
    public static Device create(String name, long seed, boolean randomRotation, double serviceJitter) {
        Device d = create(name);
        if (randomRotation && d instanceof RotatingDisk disk) {
            double phase = new SplittableRandom(seed ^ 0x526f746174696f6eL).nextDouble() * disk.revolutionNs();
            d = new RotatingDisk(disk.config(), phase);
        }
        if (d instanceof LoopDevice) { // its own measured spread, always: see LoopDevice.SPREAD
            d = new ServiceTimeJitter(d, LoopDevice.SPREAD, seed ^ 0x6c6f6f70L);
        }
        return serviceJitter > 0 ? new ServiceTimeJitter(d, serviceJitter, seed) : d;
    }
}
