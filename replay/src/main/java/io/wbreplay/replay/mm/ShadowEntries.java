package io.wbreplay.replay.mm;

import java.util.Arrays;

/**
 * The xarray value entries (shadow entries) of one mapping: what workingset_eviction() left in the
 * slot of each evicted page (mm/filemap.c page_cache_delete() stores it, __filemap_add_folio() takes
 * it back), kept only for a mapping whose pages are read back (the machine's other files). Also the
 * order in which the slots were filled, oldest first, so a reader can take the page evicted longest ago.
 */
public final class ShadowEntries {
    private final long[] shadow;
    /** Indices in the order their shadows were stored: a ring of at most one entry per index. */
    private final long[] order;
    private int head;
    private int size;

    public ShadowEntries(int nrIndices) {
        this.shadow = new long[nrIndices];
        this.order = new long[nrIndices];
        Arrays.fill(shadow, Workingset.NO_SHADOW);
    }

    /** Stores the shadow of the page evicted from {@code index}. */
    void store(long index, long entry) {
        if (index >= shadow.length) {
            return; // beyond the pages this mapping began with: never read back
        }
        int i = (int) index;
        if (shadow[i] == Workingset.NO_SHADOW) {
            order[(head + size) % order.length] = index;
            size++;
        }
        shadow[i] = entry;
    }

    /** Takes the shadow out of {@code index}'s slot (a page is added there): it, or NO_SHADOW. */
    public long take(long index) {
        if (index >= shadow.length) {
            return Workingset.NO_SHADOW;
        }
        long s = shadow[(int) index];
        shadow[(int) index] = Workingset.NO_SHADOW;
        return s;
    }

    /**
     * Puts {@code index}, taken by {@link #pollOldest()} and still evicted, back at the front of the order:
     * a read that did not get to it leaves it the oldest again.
     */
    public void unpoll(long index) {
        head = (head - 1 + order.length) % order.length;
        order[head] = index;
        size++;
    }

    /** The index whose shadow has been stored longest, removed from the order (its shadow stays); -1 if none. */
    public long pollOldest() {
        while (size > 0) {
            long index = order[head];
            head = (head + 1) % order.length;
            size--;
            if (shadow[(int) index] != Workingset.NO_SHADOW) {
                return index;
            }
        }
        return -1;
    }
}
