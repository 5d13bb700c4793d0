package io.wbreplay.replay.mm;

import java.util.Arrays;
import java.util.List;

/**
 * Memory pinned by something other than the page cache over time (a process that grows, a balloon):
 * steps of (time, pinned bytes), in time order; before the first step nothing is pinned.
 */
public final class MemoryHogSchedule {
    public static final MemoryHogSchedule NONE = new MemoryHogSchedule(new long[0], new long[0]);

    private final long[] timesNs;
    private final long[] bytes;

    private MemoryHogSchedule(long[] timesNs, long[] bytes) {
        this.timesNs = timesNs;
        this.bytes = bytes;
    }

    /** One step of the schedule. */
    public record Step(long timeNs, long pinnedBytes) {
    }

    public static MemoryHogSchedule of(List<Step> steps) {
        long[] t = new long[steps.size()];
        long[] b = new long[steps.size()];
        for (int i = 0; i < t.length; i++) {
            Step s = steps.get(i);
            if (s.pinnedBytes() < 0 || s.timeNs() < 0) {
                throw new IllegalArgumentException("memory hog step " + i + ": time and bytes must not be negative");
            }
            if (i > 0 && s.timeNs() < t[i - 1]) {
                throw new IllegalArgumentException("memory hog step " + i + ": times must not go backwards");
            }
            t[i] = s.timeNs();
            b[i] = s.pinnedBytes();
        }
        return new MemoryHogSchedule(t, b);
    }

    public int steps() {
        return timesNs.length;
    }

    public long timeNs(int i) {
        return timesNs[i];
    }

    public long pinnedBytes(int i) {
        return bytes[i];
    }

    @Override
    public String toString() {
        return "MemoryHogSchedule" + Arrays.toString(timesNs) + Arrays.toString(bytes);
    }
}
