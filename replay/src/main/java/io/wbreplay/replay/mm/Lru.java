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
    /** WORKINGSET_ACTIVATE_FILE: refaulting pages workingset_refault() activated. */
    private long refaultActivations;
    /** lruvec->refaults[WORKINGSET_FILE]: that count as the last reclaim to end read it (snapshot_refaults()). */
    private long refaultsSnapshot;

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
        stats = new MemcgStatsFlush(clock, readNs, size, refaultActivations);
    }

    /** lruvec_page_state(): the size of {@code list} as inactive_is_low() reads it. */
    public int statSize(int list) {
        return stats == null ? size[list] : stats.read(size, refaultActivations, list);
    }

    /** workingset_refault() activated a refaulting page (WORKINGSET_ACTIVATE_FILE). */
    public void refaultActivated() {
        sizeChanging();
        refaultActivations++;
    }

    /** lruvec_page_state(WORKINGSET_ACTIVATE_FILE), as the statistics reclaim reads have it. */
    private long statRefaultActivations() {
        return stats == null ? refaultActivations : stats.readRefaultActivations(size, refaultActivations);
    }

    /** snapshot_refaults(): a reclaim ends; the refaults it saw are no longer news. */
    public void snapshotRefaults() {
        refaultsSnapshot = statRefaultActivations();
    }

    /**
     * prepare_scan_control(): refaults activated since the last reclaim ended ("a new workingset is
     * being established"), which lets reclaim deactivate whether or not the inactive list is low.
     */
    public boolean refaultsSinceSnapshot() {
        return statRefaultActivations() != refaultsSnapshot;
    }

    private void sizeChanging() {
        if (stats != null) {
            stats.updated(size, refaultActivations);
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
        int first = head[list];
        join(list, Pages.NIL, page);
        join(list, page, first);
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
        join(list, tail[list], page);
        join(list, page, Pages.NIL);
        sizeChanging();
        size[list]++;
    }

    /** del_page_from_lru_list(): clears PG_lru (PG_active stays, as in the kernel's isolation). */
    public void remove(int page) {
        if (!pages.test(page, Pages.PG_lru)) {
            return;
        }
        int list = listOf(pages, page);
        join(list, pages.lruPrev(page), pages.lruNext(page));
        pages.setLruPrev(page, Pages.NIL);
        pages.setLruNext(page, Pages.NIL);
        pages.clear(page, Pages.PG_lru);
        sizeChanging();
        size[list]--;
    }

    /** Puts {@code to} where {@code from} is on its list (the frame a migrated page moved to); {@code from} leaves it. */
    public void replace(int from, int to) {
        int list = listOf(pages, from);
        int n = pages.lruNext(from);
        join(list, pages.lruPrev(from), to);
        join(list, to, n);
        pages.setLruPrev(from, Pages.NIL);
        pages.setLruNext(from, Pages.NIL);
    }

    /** Links {@code a} before {@code b} on {@code list}: NIL for {@code a} makes {@code b} the head, for {@code b} makes {@code a} the tail. */
    private void join(int list, int a, int b) {
        if (a != Pages.NIL) {
            pages.setLruNext(a, b);
        } else {
            head[list] = b;
        }
        if (b != Pages.NIL) {
            pages.setLruPrev(b, a);
        } else {
            tail[list] = a;
        }
    }

    /** Moves a page on the LRU to the head of {@code list}. */
    public void moveToHead(int page, int list) {
        remove(page);
        addHead(page, list);
    }
}
