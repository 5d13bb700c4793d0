package io.wbreplay.replay.mm;

import java.util.Arrays;

/**
 * arch/x86/mm/init.c zone_sizes_init(): the zones of an x86-64 node, ZONE_DMA the first 16 MiB, ZONE_DMA32
 * up to 4 GiB, ZONE_NORMAL the rest (a machine of 4 GiB or less has no Normal zone); or a recorded
 * machine's zones as /proc/zoneinfo gave them: each zone's managed pages and the pages others (the
 * memory hog, the rest of the system) held in it. Immutable.
 */
public final class ZoneSizesInit {
    private final int[] managed;
    /** Where the pinned memory sat, per zone, or null: placed as the allocator would place it. */
    private final long[] pinned;

    private ZoneSizesInit(int[] managed, long[] pinned) {
        this.managed = managed;
        this.pinned = pinned;
    }

    /** The x86-64 layout of {@code frames} page frames. */
    public static ZoneSizesInit x8664(long frames) {
        long dma = Zone.DMA_BYTES / Zone.PAGE_SIZE;
        long dma32End = Zone.DMA32_END_BYTES / Zone.PAGE_SIZE;
        if (frames <= dma) {
            return new ZoneSizesInit(new int[] {(int) frames}, null);
        }
        if (frames <= dma32End) {
            return new ZoneSizesInit(new int[] {(int) dma, (int) (frames - dma)}, null);
        }
        return new ZoneSizesInit(new int[] {(int) dma, (int) (dma32End - dma), (int) (frames - dma32End)}, null);
    }

    /**
     * {@code MANAGED[/PINNED]:...}, ZONE_DMA first (zoneinfo's managed, and managed - free - file pages
     * for where the pinned memory sat): e.g. {@code 3840/0:772818/700109:5394258/5002308} (no commas:
     * compare splits option values at them).
     */
    public static ZoneSizesInit parse(String spec) {
        String[] parts = spec.trim().split(":");
        if (parts.length < 1 || parts.length > 3) {
            throw new IllegalArgumentException("--zones: one to three zones (DMA, DMA32, Normal), not '" + spec + "'");
        }
        int[] managed = new int[parts.length];
        long[] pinned = new long[parts.length];
        int withPinned = 0;
        for (int i = 0; i < parts.length; i++) {
            String[] mp = parts[i].trim().split("/");
            try {
                managed[i] = Integer.parseInt(mp[0].trim());
                if (mp.length > 1) {
                    pinned[i] = Long.parseLong(mp[1].trim());
                    withPinned++;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--zones: MANAGED[/PINNED] pages per zone, not '" + parts[i] + "'");
            }
            if (managed[i] <= 0 || pinned[i] < 0 || pinned[i] > managed[i] || mp.length > 2) {
                throw new IllegalArgumentException("--zones: a zone needs managed pages > 0 and 0 <= pinned <= managed, not '" + parts[i] + "'");
            }
        }
        if (withPinned != 0 && withPinned != parts.length) {
            throw new IllegalArgumentException("--zones: give the pinned pages of every zone or of none, not '" + spec + "'");
        }
        return new ZoneSizesInit(managed, withPinned == 0 ? null : pinned);
    }

    /** Each zone's page frames, ZONE_DMA first. */
    public int[] frames() {
        return managed.clone();
    }

    /** All page frames. */
    public long totalFrames() {
        long t = 0;
        for (int m : managed) {
            t += m;
        }
        return t;
    }

    /** Where the pinned memory sat per zone, or null. */
    public long[] pinned() {
        return pinned == null ? null : pinned.clone();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < managed.length; i++) {
            b.append(i == 0 ? "" : ":").append(managed[i]);
            if (pinned != null) {
                b.append('/').append(pinned[i]);
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZoneSizesInit z && Arrays.equals(managed, z.managed) && Arrays.equals(pinned, z.pinned);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(managed) * 31 + Arrays.hashCode(pinned);
    }
}
