package io.wbreplay.replay.hazard;

/**
 * One occurrence of a hazard: when (simulated ns), which task, what it concerned (a page or inode)
 * and what happened.
 */
public record Hazard(HazardKind kind, long timeNs, String task, String subject, String description) {
    @Override
    public String toString() {
        return kind.label() + " at " + timeNs / 1e9 + " s by " + task + " on " + subject + ": " + description;
    }
}
