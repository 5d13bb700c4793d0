package io.wbreplay.replay.hazard;

/** The dangers the kernel developers named in the reclaim-writeback threads, by their summary names. */
public enum HazardKind {
    /** A page lock taken on a lower index of a mapping while a higher one is held, or a lock-class inversion. */
    LOCK_ORDER("lock-order"),
    /** Blocked tasks whose wait-for graph has a cycle. */
    DEADLOCK("deadlock"),
    /** The final iput() (iput_final(), eviction) run by a task in page reclaim. */
    IPUT_FINAL_IN_RECLAIM("iput-final-in-reclaim"),
    /** An address_space or inode touched with neither a locked page of it nor an inode reference held. */
    MAPPING_AFTER_UNLOCK("mapping-after-unlock"),
    /** The same, when the inode had been evicted meanwhile. */
    USE_AFTER_FREE("use-after-free");

    private final String label;

    HazardKind(String label) {
        this.label = label;
    }

    /** The name in summary.json's {@code hazards}. */
    public String label() {
        return label;
    }
}
