package io.wbreplay.replay.mm;

import java.util.Arrays;

/**
 * arch/x86/mm/init.c zone_sizes_init(): the zones of an x86-64 node, ZONE_DMA the first 16 MiB, ZONE_DMA32
 * up to 4 GiB, ZONE_NORMAL the rest (a machine of 4 GiB or less has no Normal zone); or a recorded
 * machine's zones as /proc/zoneinfo gave them: each zone's managed pages, the pages others (the
 * memory hog, the rest of the system) held in it, and the file pages in it. Immutable.
 */
public final class ZoneSizesInit {
    private final int[] managed;
    /** Where the pinned memory sat, per zone, or null: placed as the allocator would place it. */
    private final long[] pinned;
    /** The page cache in each zone (nr_zone_active_file + nr_zone_inactive_file), or null. */
    private final long[] file;

    private ZoneSizesInit(int[] managed, long[] pinned, long[] file) {
        this.managed = managed;
        this.pinned = pinned;
        this.file = file;
    }

    /** The x86-64 layout of {@code frames} page frames. */
    public static ZoneSizesInit x8664(long frames) {
        long dma = Zone.DMA_BYTES / Zone.PAGE_SIZE;
        long dma32End = Zone.DMA32_END_BYTES / Zone.PAGE_SIZE;
        if (frames <= dma) {
            return new ZoneSizesInit(new int[] {(int) frames}, null, null);
        }
        if (frames <= dma32End) {
            return new ZoneSizesInit(new int[] {(int) dma, (int) (frames - dma)}, null, null);
        }
        return new ZoneSizesInit(new int[] {(int) dma, (int) (dma32End - dma), (int) (frames - dma32End)}, null, null);
    }

    /**
     * {@code MANAGED[/PINNED[/FILE]]:...}, ZONE_DMA first (zoneinfo's managed, managed - free - file pages
     * for where the pinned memory sat, and the file pages): e.g. {@code 3840/0:772818/700109:5394258/5002308}
     * (no commas: compare splits option values at them).
     */
    public static ZoneSizesInit parse(String spec) {
        String[] parts = spec.trim().split(":");
        if (parts.length < 1 || parts.length > 3) {
            throw new IllegalArgumentException("--zones: one to three zones (DMA, DMA32, Normal), not '" + spec + "'");
        }
        int[] managed = new int[parts.length];
        long[] pinned = new long[parts.length];
        long[] file = new long[parts.length];
        int withPinned = 0;
        int withFile = 0;
        for (int i = 0; i < parts.length; i++) {
            String[] mp = parts[i].trim().split("/");
            try {
                managed[i] = Integer.parseInt(mp[0].trim());
                if (mp.length > 1) {
                    pinned[i] = Long.parseLong(mp[1].trim());
                    withPinned++;
                }
                if (mp.length > 2) {
                    file[i] = Long.parseLong(mp[2].trim());
                    withFile++;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--zones: MANAGED[/PINNED[/FILE]] pages per zone, not '" + parts[i] + "'");
            }
            if (managed[i] <= 0 || pinned[i] < 0 || file[i] < 0 || pinned[i] + file[i] > managed[i] || mp.length > 3) {
                throw new IllegalArgumentException("--zones: a zone needs managed pages > 0 and pinned and file pages from 0 to "
                        + "managed together, not '" + parts[i] + "'");
            }
        }
        if ((withPinned != 0 && withPinned != parts.length) || (withFile != 0 && withFile != parts.length)) {
            throw new IllegalArgumentException("--zones: give the pinned (and file) pages of every zone or of none, not '" + spec + "'");
        }
        return new ZoneSizesInit(managed, withPinned == 0 ? null : pinned, withFile == 0 ? null : file);
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

    /** The file pages each zone held, or null. */
    public long[] file() {
        return file == null ? null : file.clone();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < managed.length; i++) {
            b.append(i == 0 ? "" : ":").append(managed[i]);
            if (pinned != null) {
                b.append('/').append(pinned[i]);
            }
            if (file != null) {
                b.append('/').append(file[i]);
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZoneSizesInit z && Arrays.equals(managed, z.managed) && Arrays.equals(pinned, z.pinned)
                && Arrays.equals(file, z.file);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(managed) * 31 + Arrays.hashCode(pinned)) * 31 + Arrays.hashCode(file);
    }
}
