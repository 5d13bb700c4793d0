package io.wbreplay.replay.mm;

import io.wbreplay.replay.sim.EventLoop;

/**
 * mm/swap.c + include/linux/mm_inline.h: the file LRU of the zone, an inactive and an active list
 * linked through the page arrays (no allocation), new pages at the head, reclaim from the tail.
 */
public final class Lru {
    public static final int INACTIVE = 0;
    public static final int ACTIVE = 1;

    private final Pages pages;
    private final int[] head = {Pages.NIL, Pages.NIL};
    private final int[] tail = {Pages.NIL, Pages.NIL};
    private final int[] size = new int[2];
    /** The memcg statistics reclaim's heuristics read (6.12+), or null: they read the sizes themselves. */
    private MemcgStatsFlush stats;

    public Lru(Pages pages) {
        this.pages = pages;
    }

    public int size(int list) {
        return size[list];
    }

    /**
     * From now on reclaim's heuristics see the sizes of the periodic memcg stats flush ({@link #statSize}),
     * and of a memory.stat read every {@code readNs} (0: none).
     */
    public void flushStatsPeriodically(EventLoop clock, long readNs) {
        stats = new MemcgStatsFlush(clock, readNs, size);
    }

    /** lruvec_page_state(): the size of {@code list} as inactive_is_low() reads it. */
    public int statSize(int list) {
        return stats == null ? size[list] : stats.read(size, list);
    }

    private void sizeChanging() {
        if (stats != null) {
            stats.updated(size);
        }
    }

    public int tail(int list) {
        return tail[list];
    }

    public int head(int list) {
        return head[list];
    }

    /** The page nearer the head than {@code page} on its list (walking from the tail), or NIL. */
    public int towardsHead(int page) {
        return pages.lruPrev(page);
    }

    private static int listOf(Pages p, int page) {
        return p.test(page, Pages.PG_active) ? ACTIVE : INACTIVE;
    }

    /** add_page_to_lru_list(): at the head of {@code list}; sets PG_lru (and PG_active for ACTIVE). */
    public void addHead(int page, int list) {
        pages.set(page, Pages.PG_lru);
        if (list == ACTIVE) {
            pages.set(page, Pages.PG_active);
        } else {
            pages.clear(page, Pages.PG_active);
        }
        pages.setLruPrev(page, Pages.NIL);
        pages.setLruNext(page, head[list]);
        if (head[list] != Pages.NIL) {
            pages.setLruPrev(head[list], page);
        } else {
            tail[list] = page;
        }
        head[list] = page;
        sizeChanging();
        size[list]++;
    }

    /** Adds at the tail of {@code list} (rotate_reclaimable_page()). */
    public void addTail(int page, int list) {
        pages.set(page, Pages.PG_lru);
        if (list == ACTIVE) {
            pages.set(page, Pages.PG_active);
        } else {
            pages.clear(page, Pages.PG_active);
        }
        pages.setLruNext(page, Pages.NIL);
        pages.setLruPrev(page, tail[list]);
        if (tail[list] != Pages.NIL) {
            pages.setLruNext(tail[list], page);
        } else {
            head[list] = page;
        }
        tail[list] = page;
        sizeChanging();
        size[list]++;
    }

    /** del_page_from_lru_list(): clears PG_lru (PG_active stays, as in the kernel's isolation). */
    public void remove(int page) {
        if (!pages.test(page, Pages.PG_lru)) {
            return;
        }
        int list = listOf(pages, page);
        int p = pages.lruPrev(page);
        int n = pages.lruNext(page);
        if (p != Pages.NIL) {
            pages.setLruNext(p, n);
        } else {
            head[list] = n;
        }
        if (n != Pages.NIL) {
            pages.setLruPrev(n, p);
        } else {
            tail[list] = p;
        }
        pages.setLruPrev(page, Pages.NIL);
        pages.setLruNext(page, Pages.NIL);
        pages.clear(page, Pages.PG_lru);
        sizeChanging();
        size[list]--;
    }

    /** Puts {@code to} where {@code from} is on its list (the frame a migrated page moved to); {@code from} leaves it. */
    public void replace(int from, int to) {
        int list = listOf(pages, from);
        int p = pages.lruPrev(from);
        int n = pages.lruNext(from);
        pages.setLruPrev(to, p);
        pages.setLruNext(to, n);
        if (p != Pages.NIL) {
            pages.setLruNext(p, to);
        } else {
            head[list] = to;
        }
        if (n != Pages.NIL) {
            pages.setLruPrev(n, to);
        } else {
            tail[list] = to;
        }
        pages.setLruPrev(from, Pages.NIL);
        pages.setLruNext(from, Pages.NIL);
    }

    /** Moves a page on the LRU to the head of {@code list}. */
    public void moveToHead(int page, int list) {
        remove(page);
        addHead(page, list);
    }
}
