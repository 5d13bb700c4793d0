package io.wbreplay.replay.metrics;

import io.wbreplay.traces.EventKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which block-layer events a run's dispatch log keeps ({@code --dispatch-log}). Every choice is still
 * blktrace that blkparse reads; fewer events cost less time and disk. Measured on 3.35 M random 4 KiB
 * writes (3 GiB file, 5 GiB memory, ssd) and on the default comparison's report:
 * <ul>
 * <li>{@code all}: Q, M, F, G, S, I, D and C, everything btt analyses (Q2G, G2I, I2D, merges);
 * 515 MB (154 bytes per record); report 12.3 MB.</li>
 * <li>{@code qdc}: Q, D and C: btt's Q2C and D2C latencies and its Q2Q and D2D seek tables, and the
 * report's dispatch scatter; 257 MB; report 8.9 MB. The default.</li>
 * <li>{@code dc}: D and C: the report's scatter only (btt prints empty tables without Q events);
 * 172 MB; report 7.2 MB.</li>
 * <li>{@code none}: no log, no scatter (the summary's figures never come from the log); report 3.9 MB.</li>
 * </ul>
 */
public enum DispatchEvents {
    ALL("all", EnumSet.of(EventKind.QUEUE, EventKind.BACKMERGE, EventKind.FRONTMERGE, EventKind.GETRQ,
            EventKind.SLEEPRQ, EventKind.INSERT, EventKind.ISSUE, EventKind.COMPLETE)),
    QDC("qdc", EnumSet.of(EventKind.QUEUE, EventKind.ISSUE, EventKind.COMPLETE)),
    DC("dc", EnumSet.of(EventKind.ISSUE, EventKind.COMPLETE)),
    NONE("none", EnumSet.noneOf(EventKind.class));

    /** The default of {@code replay} and of every cell of {@code compare}: keeps reports small. */
    public static final String DEFAULT_LABEL = "qdc";
    public static final DispatchEvents DEFAULT = byLabel(DEFAULT_LABEL);

    private final String label;
    private final Set<EventKind> kinds;

    DispatchEvents(String label, Set<EventKind> kinds) {
        this.label = label;
        this.kinds = kinds;
    }

    public String label() {
        return label;
    }

    /** True when the log keeps events of {@code kind}. */
    public boolean keeps(EventKind kind) {
        return kinds.contains(kind);
    }

    /** The choice named {@code label}; an unknown name is refused with the known ones. */
    public static DispatchEvents byLabel(String label) {
        List<String> known = new ArrayList<>();
        for (DispatchEvents e : values()) {
            if (e.label.equals(label)) {
                return e;
            }
            known.add(e.label);
        }
        throw new IllegalArgumentException("unknown dispatch log '" + label + "'; known: " + String.join(", ", known));
    }
}
