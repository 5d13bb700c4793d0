package io.wbreplay.replay;

import io.wbreplay.traces.synth.MemoryHogSchedule;

/**
 * The tunables of one simulated machine, with the kernel's defaults (/proc/sys/vm and friends).
 * Mutable for convenient setup; the {@link Kernel} reads it once.
 */
public final class CoreConfig implements Cloneable {
    /** How balance_dirty_pages() throttles a writer. */
    public enum Throttle {
        /** 3.2+: the writer only sleeps, paced by pos_ratio around the setpoint. */
        IO_LESS("io-less"),
        /** Before 3.2: the writer writes back pages itself, then sleeps. */
        WRITER_WRITES("writer-writes");

        private final String label;

        Throttle(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Throttle byLabel(String s) {
            for (Throttle t : values()) {
                if (t.label.equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown throttle mode '" + s + "'; expected io-less or writer-writes");
        }
    }

    public long memoryBytes = 1L << 30;
    /** vm.dirty_ratio and vm.dirty_background_ratio, percent of dirtyable memory. */
    public int dirtyRatio = 20;
    public int dirtyBackgroundRatio = 10;
    /** vm.dirty_bytes and vm.dirty_background_bytes; 0 = use the ratios. */
    public long dirtyBytes;
    public long dirtyBackgroundBytes;
    public int dirtyExpireCentisecs = 3000;
    public int dirtyWritebackCentisecs = 500;
    public Throttle throttle = Throttle.IO_LESS;
    /** File layout: extent size in pages (a power of two) and the largest gap between extents. */
    public int extentPages = 32768;
    public int maxGapPages;
    public long seed = 1;
    public MemoryHogSchedule hog = MemoryHogSchedule.NONE;
    /** The reclaim writeback strategy, by name. */
    public String strategy = "no-reclaim-writeback";

    public long dirtyExpireNs() {
        return dirtyExpireCentisecs * 10_000_000L;
    }

    public long dirtyWritebackNs() {
        return dirtyWritebackCentisecs * 10_000_000L;
    }

    /** An independent copy (e.g. one per strategy of a side-by-side run). */
    public CoreConfig copy() {
        try {
            return (CoreConfig) super.clone(); // every field is a primitive, a String or immutable
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    public void validate() {
        if (memoryBytes < 16L << 20) {
            throw new IllegalArgumentException("memory must be at least 16 MiB, not " + memoryBytes + " bytes");
        }
        if (memoryBytes / 4096 > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("memory too large: " + memoryBytes + " bytes");
        }
        if (dirtyRatio < 0 || dirtyRatio > 100 || dirtyBackgroundRatio < 0 || dirtyBackgroundRatio > 100) {
            throw new IllegalArgumentException("dirty ratios are percentages (0-100)");
        }
        if (dirtyWritebackCentisecs <= 0 || dirtyExpireCentisecs < 0) {
            throw new IllegalArgumentException("dirty_writeback_centisecs must be positive and dirty_expire_centisecs not negative");
        }
    }
}
