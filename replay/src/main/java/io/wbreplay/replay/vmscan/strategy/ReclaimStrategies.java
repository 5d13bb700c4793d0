package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of reclaim writeback strategies by name. Adding one is one line here and one class.
 * The compared ones are what {@code --strategy all} and a sweep without a strategy line run; historical
 * variants, which a reproduction of a published experiment needs, are known by name only.
 */
public final class ReclaimStrategies {
    private static final Map<String, Supplier<ReclaimWritebackStrategy>> ALL = new LinkedHashMap<>();
    private static final Map<String, Supplier<ReclaimWritebackStrategy>> HISTORICAL = new LinkedHashMap<>();

    static {
        ALL.put(Writepage.NAME, Writepage::new);
        ALL.put(RangeWritepages.NAME, RangeWritepages::new);
        ALL.put(WriteAround.NAME, WriteAround::new);
        ALL.put(WriteAhead.NAME, WriteAhead::new);
        ALL.put(FlusherPageout.NAME, FlusherPageout::new);
        ALL.put(KswapdWritepage.NAME, KswapdWritepage::new);
        ALL.put(NoReclaimWriteback.NAME, NoReclaimWriteback::new);
        HISTORICAL.put(WritepageReferenced.NAME, WritepageReferenced::new);
    }

    private ReclaimStrategies() {
    }

    /** The compared strategies, in the order reports show them. */
    public static Iterable<String> names() {
        return ALL.keySet();
    }

    /** Whether {@code name} is a strategy, compared or historical. */
    public static boolean isKnown(String name) {
        return ALL.containsKey(name) || HISTORICAL.containsKey(name);
    }

    /** Every strategy name, the compared ones first. */
    public static String known() {
        return String.join(", ", ALL.keySet()) + ", " + String.join(", ", HISTORICAL.keySet());
    }

    /** A fresh instance of the named strategy (strategies may keep per-run state). */
    public static ReclaimWritebackStrategy create(String name) {
        Supplier<ReclaimWritebackStrategy> s = ALL.containsKey(name) ? ALL.get(name) : HISTORICAL.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; known strategies: " + known());
        }
        return s.get();
    }
}
