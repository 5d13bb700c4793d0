package io.wbreplay.replay.writeback;

import io.wbreplay.replay.CoreConfig;

/**
 * mm/page-writeback.c global_dirty_limits(): the background and dirty thresholds in pages, from the
 * ratios (of dirtyable memory: free + file LRU pages, determine_dirtyable_memory()) or the byte
 * settings; a background threshold at or above the dirty one becomes half of it.
 */
public final class DirtyLimits {
    private DirtyLimits() {
    }

    /** Background threshold in pages. */
    public static long background(CoreConfig c, long dirtyable) {
        long bg = c.dirtyBackgroundBytes > 0 ? divRoundUp(c.dirtyBackgroundBytes, 4096) : c.dirtyBackgroundRatio * dirtyable / 100;
        long thresh = thresh(c, dirtyable);
        return bg >= thresh ? thresh / 2 : bg;
    }

    /** Dirty threshold in pages. */
    public static long thresh(CoreConfig c, long dirtyable) {
        return c.dirtyBytes > 0 ? divRoundUp(c.dirtyBytes, 4096) : c.dirtyRatio * dirtyable / 100;
    }

    /** dirty_freerun_ceiling(): below (thresh + bg) / 2 writers run free. */
    public static long freerun(long thresh, long bg) {
        return (thresh + bg) / 2;
    }

    private static long divRoundUp(long a, long b) {
        return (a + b - 1) / b;
    }
}
