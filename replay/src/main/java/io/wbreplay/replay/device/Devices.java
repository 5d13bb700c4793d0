package io.wbreplay.replay.device;

import java.util.List;

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
}
