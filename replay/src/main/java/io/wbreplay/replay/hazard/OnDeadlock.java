package io.wbreplay.replay.hazard;

/** What a run does when blocked tasks form a wait-for cycle ({@code --on-deadlock}). */
public enum OnDeadlock {
    /** Stop the run cleanly and write its results with the cycle reported as a hazard. */
    REPORT("report"),
    /** Stop the run with an error naming the cycle. */
    ABORT("abort");

    private final String label;

    OnDeadlock(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static OnDeadlock byLabel(String s) {
        for (OnDeadlock d : values()) {
            if (d.label.equals(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown deadlock policy '" + s + "'; expected report or abort");
    }
}
