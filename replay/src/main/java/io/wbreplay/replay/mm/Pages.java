package io.wbreplay.replay.mm;

/**
 * include/linux/mm_types.h struct page, one base page per id: flags, the owning mapping (an inode
 * number, {@link #NO_MAPPING} once truncated), the file index, the reference count, the intrusive LRU
 * links and the page lock's holder as the hazard checker records it. Free page frames are kept by the
 * buddy allocator ({@link FreeArea}), chained through the LRU links.
 *
 * <p>Like the kernel's array of struct page, the frames are one array, each frame's fields side by side
 * in 32 bytes ({@link #STRIDE} ints): a random page's fields then cost one cache miss, not one per field
 * (a 5 GiB page cache has 1.3 M frames, far beyond the CPU caches), and a 256 MiB machine's LRU
 * (about 16 k pages that reclaim walks again and again) fits in 512 KiB, within a core's L2 cache.
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
    /** The page was active before reclaim deactivated it (shrink_active_list()): its shadow says so. */
    public static final int PG_workingset = 1 << 8;
    /**
     * PageTail(): a frame after the first of a large folio, so physically contiguous with the frame
     * before it in the same folio (bit 9 is {@link FreeArea}'s mark of a free block, never on an allocated frame).
     */
    public static final int PG_tail = 1 << 30;
    /**
     * PageAnon() of the memory others pin ({@link Zone#setPinned}): anonymous and movable, so compaction
     * migrates it like the page cache (bits 9-13 are {@link FreeArea}'s, on free frames only).
     */
    public static final int PG_anon = 1 << 29;
    /** PageHead(): the first frame of a large folio, freed to the buddy allocator, not to a per-CPU list. */
    public static final int PG_head = 1 << 28;

    public static final int NO_MAPPING = -1;
    public static final int NIL = -1;

    /** ints per frame: two frames to a 64-byte cache line. */
    private static final int SHIFT = 3;
    private static final int STRIDE = 1 << SHIFT;
    /**
     * The first frame's offset: after the array's 16-byte header, 48 bytes more put each frame within
     * one cache line when the array starts on one (G1 puts an array this large at a region's start).
     */
    private static final int BASE = 12;
    private static final int FLAGS = BASE;
    private static final int MAPPING = BASE + 1;
    private static final int INDEX = BASE + 2; // a long: low int, then high int
    private static final int COUNT = BASE + 4;
    private static final int LRU_PREV = BASE + 5;
    private static final int LRU_NEXT = BASE + 6;
    private static final int OWNER = BASE + 7;

    /** Heap bytes per frame, for checking --memory before allocating. */
    public static final int BYTES_PER_FRAME = STRIDE * Integer.BYTES;
    /** The most frames one array holds. */
    public static final int MAX_FRAMES = (Integer.MAX_VALUE - BASE) / STRIDE;

    private final int[] f;
    private final int frames;
    private int nrFree;
    /** Zone z holds frames [zoneStart[z], zoneStart[z + 1]); each zone has free lists of its own. */
    private final int[] zoneStart;
    private final FreeArea freeArea;
    private final int[] zoneFree;
    private PerCpuPages pcp;
    /** The zone of the latest allocation: where {@link #prefetchFree} looks. */
    private int lastZone;
    /** Zone numbers: ZONE_DMA, and above it ZONE_DMA32 (x86-64) or, in the per-zone LRU eras' two-zone model, the rest as one. */
    public static final int ZONE_DMA = 0;
    public static final int ZONE_DMA32 = 1;
    public static final int ZONE_NORMAL = 1;

    /** {@code frames} page frames, all free, in one zone. */
    public Pages(int frames) {
        this(new int[] {frames});
    }

    /** {@code frames} page frames, all free, the first {@code dmaFrames} in ZONE_DMA (none: one zone). */
    public Pages(int frames, int dmaFrames) {
        this(dmaFrames > 0 ? new int[] {dmaFrames, frames - dmaFrames} : new int[] {frames});
    }

    /** Page frames, all free, in zones of {@code zoneFrames[z]} frames each, the lowest zone first. */
    public Pages(int[] zoneFrames) {
        long total = 0;
        for (int z : zoneFrames) {
            total += z;
        }
        if (total < 0 || total > MAX_FRAMES) {
            throw new IllegalArgumentException("at most " + MAX_FRAMES + " page frames; got " + total);
        }
        this.frames = (int) total;
        int n = zoneFrames.length;
        zoneStart = new int[n + 1];
        for (int z = 0; z < n; z++) {
            zoneStart[z + 1] = zoneStart[z] + zoneFrames[z];
        }
        zoneFree = new int[n];
        f = new int[BASE + (frames << SHIFT)];
        for (int id = 0; id < frames; id++) {
            f[(id << SHIFT) + MAPPING] = NO_MAPPING;
        }
        freeArea = new FreeArea(this, zoneStart);
        for (int z = 0; z < n; z++) {
            freeArea.freeZone(z);
            zoneFree[z] = zoneFrames[z];
        }
        nrFree = frames;
    }

    /** The number of zones. */
    public int zones() {
        return zoneFree.length;
    }

    /** The first frame of zone {@code zone}. */
    public int zoneStart(int zone) {
        return zoneStart[zone];
    }

    /** The frames of zone {@code zone} (managed pages). */
    public int zoneFrames(int zone) {
        return zoneStart[zone + 1] - zoneStart[zone];
    }

    /** The frames of ZONE_DMA where the memory has more than one zone, else 0. */
    public int dmaFrames() {
        return zones() > 1 ? zoneFrames(ZONE_DMA) : 0;
    }

    /** page_zonenum(). */
    public int zoneOf(int id) {
        int z = zoneFree.length - 1;
        while (id < zoneStart[z]) {
            z--;
        }
        return z;
    }

    /** Free frames of one zone. */
    public int nrFree(int zone) {
        return zoneFree[zone];
    }

    /** A free frame of {@code zone} (rmqueue()), or NIL if it has none. */
    public int alloc(int zone) {
        return alloc(zone, 0);
    }

    /**
     * The first of 2^{@code order} free frames of {@code zone} side by side, aligned (rmqueue() of a
     * folio of that order), each with one reference, or NIL if the zone has no free block that large.
     */
    public int alloc(int zone, int order) {
        int id = freeArea.rmqueueSmallest(zone, order);
        if (id != NIL) {
            allocated(zone, id, order);
        }
        return id;
    }

    /** The block of {@code order} at {@code id} left the free lists: its frames are allocated, one reference each. */
    private void allocated(int zone, int id, int order) {
        lastZone = zone;
        int n = 1 << order;
        zoneFree[zone] -= n;
        nrFree -= n;
        for (int i = 0; i < n; i++) {
            reset(id + i);
            if (i > 0) {
                f[((id + i) << SHIFT) + FLAGS] = PG_tail;
            } else if (n > 1) {
                f[(id << SHIFT) + FLAGS] = PG_head;
            }
        }
    }

    /** Free frames of {@code zone} in blocks of {@code order} or larger. */
    public long freeAtOrAbove(int zone, int order) {
        long sum = 0;
        for (int o = order; o <= FreeArea.MAX_PAGE_ORDER; o++) {
            sum += freeArea.blocks(zone, o) << o;
        }
        return sum;
    }

    /** The order of the free block {@code id} starts (PageBuddy(), buddy_order()), or -1. */
    public int freeBlockOrder(int id) {
        return freeArea.orderAt(id);
    }

    /**
     * __isolate_free_page(): takes the free block starting at {@code id} (see {@link #freeBlockOrder})
     * out of the allocator, its frames then each allocated with one reference; returns its order.
     */
    public int isolateFreeBlock(int id) {
        int order = freeArea.orderAt(id);
        int z = zoneOf(id);
        freeArea.del(z, id, order);
        allocated(z, id, order);
        return order;
    }

    /**
     * prefetch() of the frames the next allocations will likely take: the one the latest allocation's
     * zone hands out next and the {@code n} - 1 after it (a free block being split hands out its
     * frames in ascending order). A new page's frame is otherwise a cache miss that its first reads
     * wait for. Reads only; returns a sum of what was read, for the caller to keep.
     */
    public int prefetchFree(int n) {
        int id = freeArea.peekSmallest(lastZone);
        if (id == NIL) {
            return 0;
        }
        int end = Math.min(id + n, zoneStart[lastZone + 1]);
        int sum = 0;
        for (int i = id; i < end; i++) {
            sum += f[(i << SHIFT) + OWNER];
        }
        return sum;
    }

    /** The first (head) free block of {@code order} in {@code zone}, or NIL; {@link #lruNext} walks the list. */
    int freeListFirst(int zone, int order) {
        return freeArea.first(zone, order);
    }

    /** The last (tail) free block of {@code order} in {@code zone}, or NIL; {@link #lruPrev} walks the list back. */
    int freeListLast(int zone, int order) {
        return freeArea.last(zone, order);
    }

    /** See {@link FreeArea#rotate}. */
    void rotateFreeList(int zone, int order, int id, boolean toTail) {
        freeArea.rotate(zone, order, id, toTail);
    }

    /** Free blocks of {@code order} in {@code zone} (/proc/buddyinfo's column). */
    public long freeBlocks(int zone, int order) {
        return freeArea.blocks(zone, order);
    }

    private static long getLong(int[] a, int at) {
        return (a[at] & 0xffffffffL) | (long) a[at + 1] << 32;
    }

    private static void putLong(int[] a, int at, long v) {
        a[at] = (int) v;
        a[at + 1] = (int) (v >>> 32);
    }

    public int frames() {
        return frames;
    }

    /** Free page frames (not counting memory pinned by others: see {@link Zone}). */
    public int nrFree() {
        return nrFree;
    }

    /**
     * A free frame with one reference from the highest zone that has one, or NIL if none is left
     * (the zonelist's order, without watermarks: {@link io.wbreplay.replay.vmscan.PageAllocator} applies them).
     */
    public int alloc() {
        for (int z = zoneFree.length - 1; z >= 0; z--) {
            if (zoneFree[z] > 0) {
                return alloc(z);
            }
        }
        return NIL;
    }

    private int reset(int id) {
        int b = id << SHIFT;
        f[b + FLAGS] = 0;
        f[b + MAPPING] = NO_MAPPING;
        putLong(f, b + INDEX, 0);
        f[b + COUNT] = 1;
        f[b + LRU_PREV] = NIL;
        f[b + LRU_NEXT] = NIL;
        return id;
    }

    /** The per-CPU lists, or null without them. */
    public PerCpuPages pcp() {
        return pcp;
    }

    /** From now on order-0 frames go through per-CPU lists ({@link #allocPcp}, {@link #free}). */
    public void setPcp(PerCpuPages pcp) {
        this.pcp = pcp;
    }

    /** rmqueue_bulk() of one order-0 frame of {@code zone} for a per-CPU list: out of the buddy allocator, not yet anyone's. */
    int allocBuddy(int zone) {
        int id = freeArea.rmqueueSmallest(zone, 0);
        if (id != NIL) {
            zoneFree[zone]--;
            nrFree--;
        }
        return id;
    }

    /** free_pcppages_bulk() of one frame of a per-CPU list back to the buddy allocator. */
    void freeBuddy(int zone, int id) {
        nrFree++;
        zoneFree[zone]++;
        freeArea.freeOne(zone, id, 0);
    }

    /**
     * rmqueue() of an order-0 frame of {@code zone}: from the running CPU's list when there are per-CPU
     * lists, else from the buddy allocator; one reference, or NIL if the zone has none.
     */
    public int allocPcp(int zone) {
        if (pcp == null) {
            return alloc(zone, 0);
        }
        int id = pcp.alloc(zone);
        if (id != NIL) {
            lastZone = zone;
            reset(id);
        }
        return id;
    }

    /**
     * mm/page_alloc.c free_unref_page(): returns the frame to its zone's buddy allocator, or an order-0
     * page-cache frame to the running CPU's list when there are per-CPU lists (the memory others pin,
     * given back, and a large folio's frames go to the buddy).
     */
    public void free(int id) {
        int b = id << SHIFT;
        boolean toList = pcp != null && (f[b + FLAGS] & (PG_tail | PG_head | PG_anon)) == 0;
        f[b + FLAGS] = 0;
        f[b + MAPPING] = NO_MAPPING;
        f[b + COUNT] = 0;
        if (toList) {
            pcp.free(zoneOf(id), id);
            return;
        }
        nrFree++;
        int z = zoneOf(id);
        zoneFree[z]++;
        freeArea.freeOne(z, id, 0);
    }

    /** folio_migrate_flags() and the mapping: {@code to} takes {@code from}'s flags, mapping and index. */
    void copyState(int from, int to) {
        int a = from << SHIFT;
        int b = to << SHIFT;
        f[b + FLAGS] = f[a + FLAGS];
        f[b + MAPPING] = f[a + MAPPING];
        f[b + INDEX] = f[a + INDEX];
        f[b + INDEX + 1] = f[a + INDEX + 1];
    }

    /** A free frame's flags: {@link FreeArea}'s mark of a free block's first frame, or 0. */
    void setFreeFlags(int id, int flags) {
        f[(id << SHIFT) + FLAGS] = flags;
    }

    public boolean test(int id, int flag) {
        return (f[(id << SHIFT) + FLAGS] & flag) != 0;
    }

    public void set(int id, int flag) {
        f[(id << SHIFT) + FLAGS] |= flag;
    }

    public void clear(int id, int flag) {
        f[(id << SHIFT) + FLAGS] &= ~flag;
    }

    /** TestClearPageXxx(): clears {@code flag} and says whether it was set. */
    public boolean testClear(int id, int flag) {
        int at = (id << SHIFT) + FLAGS;
        boolean was = (f[at] & flag) != 0;
        f[at] &= ~flag;
        return was;
    }

    public int flags(int id) {
        return f[(id << SHIFT) + FLAGS];
    }

    public int mapping(int id) {
        return f[(id << SHIFT) + MAPPING];
    }

    public long index(int id) {
        return getLong(f, (id << SHIFT) + INDEX);
    }

    public int count(int id) {
        return f[(id << SHIFT) + COUNT];
    }

    /** get_page(). */
    public void get(int id) {
        f[(id << SHIFT) + COUNT]++;
    }

    /** put_page(): drops a reference; true when it was the last one. */
    public boolean put(int id) {
        return --f[(id << SHIFT) + COUNT] == 0;
    }

    void setMapping(int id, int ino, long idx) {
        int b = id << SHIFT;
        f[b + MAPPING] = ino;
        putLong(f, b + INDEX, idx);
    }

    int lruPrev(int id) {
        return f[(id << SHIFT) + LRU_PREV];
    }

    int lruNext(int id) {
        return f[(id << SHIFT) + LRU_NEXT];
    }

    void setLruPrev(int id, int page) {
        f[(id << SHIFT) + LRU_PREV] = page;
    }

    void setLruNext(int id, int page) {
        f[(id << SHIFT) + LRU_NEXT] = page;
    }

    /** The page lock's holder as the hazard checker numbers tasks (lockdep's view), 0 for none. */
    public int lockOwner(int id) {
        return f[(id << SHIFT) + OWNER];
    }

    public void setLockOwner(int id, int owner) {
        f[(id << SHIFT) + OWNER] = owner;
    }
}
