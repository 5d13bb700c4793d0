package io.wbreplay.replay.mm;

/** mm/vmstat.c: the counters, one long per {@link VmItem}; gauges (nr_*) go up and down, events only up. */
public final class VmStat {
    private static final VmItem[] ITEMS = VmItem.values();
    private final long[] v = new long[ITEMS.length];

    public void inc(VmItem item) {
        v[item.ordinal()]++;
    }

    public void dec(VmItem item) {
        v[item.ordinal()]--;
    }

    public void add(VmItem item, long delta) {
        v[item.ordinal()] += delta;
    }

    public void set(VmItem item, long value) {
        v[item.ordinal()] = value;
    }

    public long get(VmItem item) {
        return v[item.ordinal()];
    }

    /** Every counter now, indexed by {@link VmItem#ordinal()}. */
    public long[] snapshot() {
        return v.clone();
    }

    public static VmItem[] items() {
        return ITEMS.clone();
    }
}
