package io.wbreplay.replay.mm;

/**
 * include/linux/mm_types.h struct page, one base page per id, kept in primitive arrays (a page id is an
 * index into every array): flags, the owning mapping (an inode number, {@link #NO_MAPPING} once
 * truncated), the file index, the reference count, when it was first dirtied, and the intrusive LRU
 * links. Free page frames are chained through the LRU next link (mm/page_alloc.c free lists).
 */
public final class Pages {
    public static final int PG_locked = 1;
    public static final int PG_dirty = 1 << 1;
    public static final int PG_writeback = 1 << 2;
    public static final int PG_reclaim = 1 << 3;
    public static final int PG_referenced = 1 << 4;
    public static final int PG_active = 1 << 5;
    public static final int PG_lru = 1 << 6;
    public static final int PG_uptodate = 1 << 7;

    public static final int NO_MAPPING = -1;
    public static final int NIL = -1;

    final int[] flags;
    final int[] mapping;
    final long[] index;
    final int[] count;
    final long[] dirtiedNs;
    final int[] lruPrev;
    final int[] lruNext;
    private int freeHead = NIL;
    private int nrFree;
    /** Frames [0, dmaFrames) are ZONE_DMA, with a free list of their own; 0 when zones are not modelled. */
    private final int dmaFrames;
    private int dmaHead = NIL;
    private int dmaFree;
    /** Zone numbers for {@link #alloc(int)}: ZONE_DMA and the zone above it. */
    public static final int ZONE_DMA = 0;
    public static final int ZONE_NORMAL = 1;

    /** Heap bytes per frame of the arrays below (5 ints and 2 longs), for checking --memory before allocating. */
    public static final int BYTES_PER_FRAME = 5 * Integer.BYTES + 2 * Long.BYTES;

    /** {@code frames} page frames, all free, in one zone. */
    public Pages(int frames) {
        this(frames, 0);
    }

    /** {@code frames} page frames, all free, the first {@code dmaFrames} in ZONE_DMA. */
    public Pages(int frames, int dmaFrames) {
        this.dmaFrames = dmaFrames;
        flags = new int[frames];
        mapping = new int[frames];
        index = new long[frames];
        count = new int[frames];
        dirtiedNs = new long[frames];
        lruPrev = new int[frames];
        lruNext = new int[frames];
        for (int id = frames - 1; id >= dmaFrames; id--) {
            mapping[id] = NO_MAPPING;
            lruNext[id] = freeHead;
            freeHead = id;
        }
        for (int id = dmaFrames - 1; id >= 0; id--) {
            mapping[id] = NO_MAPPING;
            lruNext[id] = dmaHead;
            dmaHead = id;
        }
        nrFree = frames;
        dmaFree = dmaFrames;
    }

    /** The frames of ZONE_DMA (0 when zones are not modelled). */
    public int dmaFrames() {
        return dmaFrames;
    }

    /** page_zonenum(). */
    public int zoneOf(int id) {
        return id < dmaFrames ? ZONE_DMA : ZONE_NORMAL;
    }

    /** Free frames of one zone. */
    public int nrFree(int zone) {
        return zone == ZONE_DMA ? dmaFree : nrFree - dmaFree;
    }

    /** A free frame of {@code zone} (rmqueue()), or NIL if it has none. */
    public int alloc(int zone) {
        if (zone == ZONE_NORMAL) {
            return alloc();
        }
        int id = dmaHead;
        if (id == NIL) {
            return NIL;
        }
        dmaHead = lruNext[id];
        dmaFree--;
        nrFree--;
        return reset(id);
    }

    public int frames() {
        return flags.length;
    }

    /** Free page frames (not counting memory pinned by others: see {@link Zone}). */
    public int nrFree() {
        return nrFree;
    }

    /**
     * mm/page_alloc.c __alloc_pages(): takes a free frame with one reference, or NIL if none is left
     * (with zones: a frame above ZONE_DMA; {@link #alloc(int)} takes one of ZONE_DMA).
     */
    public int alloc() {
        int id = freeHead;
        if (id == NIL) {
            return NIL;
        }
        freeHead = lruNext[id];
        nrFree--;
        return reset(id);
    }

    private int reset(int id) {
        flags[id] = 0;
        mapping[id] = NO_MAPPING;
        index[id] = 0;
        count[id] = 1;
        dirtiedNs[id] = 0;
        lruPrev[id] = NIL;
        lruNext[id] = NIL;
        return id;
    }

    /** mm/page_alloc.c free_hot_cold_page(): returns the frame to the free list. */
    public void free(int id) {
        flags[id] = 0;
        mapping[id] = NO_MAPPING;
        count[id] = 0;
        nrFree++;
        if (id < dmaFrames) {
            lruNext[id] = dmaHead;
            dmaHead = id;
            dmaFree++;
            return;
        }
        lruNext[id] = freeHead;
        freeHead = id;
    }

    public boolean test(int id, int flag) {
        return (flags[id] & flag) != 0;
    }

    public void set(int id, int flag) {
        flags[id] |= flag;
    }

    public void clear(int id, int flag) {
        flags[id] &= ~flag;
    }

    /** TestClearPageXxx(): clears {@code flag} and says whether it was set. */
    public boolean testClear(int id, int flag) {
        boolean was = (flags[id] & flag) != 0;
        flags[id] &= ~flag;
        return was;
    }

    public int flags(int id) {
        return flags[id];
    }

    public int mapping(int id) {
        return mapping[id];
    }

    public long index(int id) {
        return index[id];
    }

    public int count(int id) {
        return count[id];
    }

    public long dirtiedNs(int id) {
        return dirtiedNs[id];
    }

    /** get_page(). */
    public void get(int id) {
        count[id]++;
    }

    /** put_page(): drops a reference; true when it was the last one. */
    public boolean put(int id) {
        return --count[id] == 0;
    }

    void setMapping(int id, int ino, long idx) {
        mapping[id] = ino;
        index[id] = idx;
    }

    void setDirtiedNs(int id, long ns) {
        dirtiedNs[id] = ns;
    }
}
