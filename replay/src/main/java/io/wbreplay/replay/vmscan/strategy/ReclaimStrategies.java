package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of reclaim writeback strategies by name. Adding one is one line here and one class. */
public final class ReclaimStrategies {
    private static final Map<String, Supplier<ReclaimWritebackStrategy>> ALL = new LinkedHashMap<>();

    static {
        ALL.put(Writepage.NAME, Writepage::new);
        ALL.put(RangeWritepages.NAME, RangeWritepages::new);
        ALL.put(WriteAround.NAME, WriteAround::new);
        ALL.put(WriteAhead.NAME, WriteAhead::new);
        ALL.put(FlusherPageout.NAME, FlusherPageout::new);
        ALL.put(KswapdWritepage.NAME, KswapdWritepage::new);
        ALL.put(NoReclaimWriteback.NAME, NoReclaimWriteback::new);
    }

    private ReclaimStrategies() {
    }

    public static Iterable<String> names() {
        return ALL.keySet();
    }

    /** A fresh instance of the named strategy (strategies may keep per-run state). */
    public static ReclaimWritebackStrategy create(String name) {
        Supplier<ReclaimWritebackStrategy> s = ALL.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; known strategies: " + String.join(", ", ALL.keySet()));
        }
        return s.get();
    }
}
