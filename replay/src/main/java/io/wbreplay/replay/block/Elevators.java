package io.wbreplay.replay.block;

import java.util.List;

/** block/elevator.c: elevator_get(), the I/O schedulers by name. */
public final class Elevators {
    /** Known scheduler names. */
    public static final List<String> NAMES = List.of("noop", "deadline");

    private Elevators() {
    }

    /**
     * A new scheduler with default tunables.
     *
     * @throws IllegalArgumentException naming the known schedulers, if {@code name} is none of them
     */
    public static Elevator create(String name) {
        return switch (name) {
            case "noop" -> new NoopElevator();
            case "deadline" -> new DeadlineElevator();
            default -> throw new IllegalArgumentException(
                    "unknown I/O scheduler '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        };
    }
}
