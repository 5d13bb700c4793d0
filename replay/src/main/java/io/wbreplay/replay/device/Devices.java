package io.wbreplay.replay.device;

import java.util.List;
import java.util.SplittableRandom;

/** The device models by name, with their documented default parameters. */
public final class Devices {
    /** Known model names. */
    public static final List<String> NAMES = List.of("hdd", "ssd");

    private Devices() {
    }

    /**
     * {@code hdd}: {@link RotatingDiskConfig#DEFAULT}; {@code ssd}: {@link SolidStateDiskConfig#DEFAULT}.
     *
     * @throws IllegalArgumentException naming the known models, if {@code name} is none of them
     */
    public static Device create(String name) {
        return switch (name) {
            case "hdd" -> new RotatingDisk();
            case "ssd" -> new SolidStateDisk();
            default -> throw new IllegalArgumentException(
                    "unknown device model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * The model {@code name} as one of several repeated runs sees it: with {@code randomRotation} a
     * disk's platter starts at an angle drawn from {@code seed}; with {@code serviceJitter > 0} every
     * command's service time is scaled by up to that fraction either way ({@link ServiceTimeJitter}).
     * Without either this is {@link #create(String)}, whatever the seed.
     */
    public static Device create(String name, long seed, boolean randomRotation, double serviceJitter) {
        Device d = create(name);
        if (randomRotation && d instanceof RotatingDisk disk) {
            double phase = new SplittableRandom(seed ^ 0x526f746174696f6eL).nextDouble() * disk.revolutionNs();
            d = new RotatingDisk(disk.config(), phase);
        }
        return serviceJitter > 0 ? new ServiceTimeJitter(d, serviceJitter, seed) : d;
    }
}
