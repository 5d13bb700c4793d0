package io.wbreplay.replay.mm;

/**
 * include/linux/mmzone.h struct free_area, one per order and zone, and the buddy allocator of
 * mm/page_alloc.c that keeps it: __rmqueue_smallest() takes the first block of the smallest order that
 * fits and expand() puts the upper halves back, __free_one_page() merges a freed block with its buddy
 * while the buddy is free and of the same order, and puts it at the list's tail when the next merge is
 * likely (buddy_merge_likely()). Blocks are aligned within their zone (the kernel's zones start
 * aligned). One migratetype: the model's page-cache pages are all movable. The per-CPU page lists
 * are not modelled: a freed page goes straight to its buddy.
 *
 * <p>A free block's first frame carries {@link #PG_buddy} and its order in the frame's flags
 * (PageBuddy(), buddy_order()); the blocks of one order and zone are chained through the frames' LRU
 * links, which a free frame does not otherwise use.
 */
final class FreeArea {
    /** MAX_PAGE_ORDER (include/linux/mmzone.h, 6.x; MAX_ORDER - 1 before 6.4). */
    static final int MAX_PAGE_ORDER = 10;
    static final int NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1;
    /** PageBuddy(): the first frame of a free block; the block's order is in the next four flag bits. */
    static final int PG_buddy = 1 << 9;
    private static final int ORDER_SHIFT = 10;

    private final Pages p;
    private final int[] zoneStart;
    /** head[zone * NR_PAGE_ORDERS + order], tail[...]: the free list, NIL when empty. */
    private final int[] head;
    private final int[] tail;
    /** free_area[order].nr_free of each zone. */
    private final long[] nrFree;

    FreeArea(Pages p, int[] zoneStart) {
        this.p = p;
        this.zoneStart = zoneStart;
        int n = (zoneStart.length - 1) * NR_PAGE_ORDERS;
        head = new int[n];
        tail = new int[n];
        nrFree = new long[n];
        java.util.Arrays.fill(head, Pages.NIL);
        java.util.Arrays.fill(tail, Pages.NIL);
    }

    /**
     * memblock_free_all() -> __free_pages_core(): a zone's frames handed to the allocator in aligned
     * blocks of the largest order that fits, lowest first, each at its list's tail (FPI_TO_TAIL).
     */
    void freeZone(int zone) {
        int start = zoneStart[zone];
        int n = zoneStart[zone + 1] - start;
        int rel = 0;
        while (rel < n) {
            int order = MAX_PAGE_ORDER;
            while ((rel & ((1 << order) - 1)) != 0 || rel + (1 << order) > n) {
                order--;
            }
            add(zone, start + rel, order, true);
            rel += 1 << order;
        }
    }

    /** __rmqueue_smallest(): the first frame of a free block of {@code order}, taken from the zone, or NIL. */
    int rmqueueSmallest(int zone, int order) {
        int o = smallestFree(zone, order);
        if (o < 0) {
            return Pages.NIL;
        }
        int id = head[zone * NR_PAGE_ORDERS + o];
        del(zone, id, o);
        expand(zone, id, order, o);
        return id;
    }

    /** The frame an order-0 {@link #rmqueueSmallest} of {@code zone} would take now, or NIL; takes nothing. */
    int peekSmallest(int zone) {
        int o = smallestFree(zone, 0);
        return o < 0 ? Pages.NIL : head[zone * NR_PAGE_ORDERS + o];
    }

    /** The smallest order at or above {@code order} with a free block in {@code zone}, or -1. */
    private int smallestFree(int zone, int order) {
        for (int o = order; o <= MAX_PAGE_ORDER; o++) {
            if (head[zone * NR_PAGE_ORDERS + o] != Pages.NIL) {
                return o;
            }
        }
        return -1;
    }

    /** expand(): a block of {@code high} split down to {@code low}, the upper halves freed at the lists' heads. */
    private void expand(int zone, int id, int low, int high) {
        while (high > low) {
            high--;
            add(zone, id + (1 << high), high, false);
        }
    }

    /** __free_one_page(): frees the block of {@code order} at {@code id}, merged with its free buddies. */
    void freeOne(int zone, int id, int order) {
        int start = zoneStart[zone];
        int n = zoneStart[zone + 1] - start;
        int rel = id - start;
        int buddyRel = 0;
        while (order < MAX_PAGE_ORDER) {
            buddyRel = rel ^ (1 << order);
            if (buddyRel + (1 << order) > n || !isBuddy(start + buddyRel, order)) {
                break;
            }
            del(zone, start + buddyRel, order);
            rel &= buddyRel;
            order++;
        }
        boolean toTail = false;
        if (order < MAX_PAGE_ORDER - 1) { // buddy_merge_likely()
            int higherRel = buddyRel & rel;
            int higherBuddyRel = higherRel ^ (1 << (order + 1));
            toTail = higherBuddyRel + (1 << (order + 1)) <= n && isBuddy(start + higherBuddyRel, order + 1);
        }
        add(zone, start + rel, order, toTail);
    }

    /** page_is_buddy(): {@code id} starts a free block of {@code order}. */
    private boolean isBuddy(int id, int order) {
        int f = p.flags(id);
        return (f & PG_buddy) != 0 && (f >>> ORDER_SHIFT & 0xf) == order;
    }

    /** The order of the free block starting at {@code id}, or -1 if none starts there. */
    int orderAt(int id) {
        int f = p.flags(id);
        return (f & PG_buddy) != 0 ? f >>> ORDER_SHIFT & 0xf : -1;
    }

    /** The first free block of {@code order} in {@code zone} (where __rmqueue_smallest() takes), or NIL. */
    int first(int zone, int order) {
        return head[zone * NR_PAGE_ORDERS + order];
    }

    /** The last free block of {@code order} in {@code zone}, or NIL. */
    int last(int zone, int order) {
        return tail[zone * NR_PAGE_ORDERS + order];
    }

    /**
     * The list of {@code order} turned round so that the block at {@code id} is its first
     * (compaction's move_freelist_head(): the blocks before it go to the tail in their order) or, with
     * {@code toTail}, its last (move_freelist_tail(): it and the blocks before it go to the tail).
     */
    void rotate(int zone, int order, int id, boolean toTail) {
        int at = zone * NR_PAGE_ORDERS + order;
        int newHead = toTail ? p.lruNext(id) : id;
        if (newHead == Pages.NIL || newHead == head[at]) {
            return; // already in place
        }
        int newTail = p.lruPrev(newHead);
        p.setLruNext(tail[at], head[at]);
        p.setLruPrev(head[at], tail[at]);
        p.setLruPrev(newHead, Pages.NIL);
        p.setLruNext(newTail, Pages.NIL);
        head[at] = newHead;
        tail[at] = newTail;
    }

    /** Free blocks of {@code order} in {@code zone} (free_area[order].nr_free). */
    long blocks(int zone, int order) {
        return nrFree[zone * NR_PAGE_ORDERS + order];
    }

    private void add(int zone, int id, int order, boolean atTail) {
        int at = zone * NR_PAGE_ORDERS + order;
        p.setFreeFlags(id, PG_buddy | order << ORDER_SHIFT);
        if (head[at] == Pages.NIL) {
            p.setLruPrev(id, Pages.NIL);
            p.setLruNext(id, Pages.NIL);
            head[at] = id;
            tail[at] = id;
        } else if (atTail) {
            p.setLruNext(tail[at], id);
            p.setLruPrev(id, tail[at]);
            p.setLruNext(id, Pages.NIL);
            tail[at] = id;
        } else {
            p.setLruPrev(head[at], id);
            p.setLruNext(id, head[at]);
            p.setLruPrev(id, Pages.NIL);
            head[at] = id;
        }
        nrFree[at]++;
    }

    /** del_page_from_free_list(): the free block of {@code order} at {@code id} leaves its list, whole. */
    void del(int zone, int id, int order) {
        int at = zone * NR_PAGE_ORDERS + order;
        int prev = p.lruPrev(id);
        int next = p.lruNext(id);
        if (prev == Pages.NIL) {
            head[at] = next;
        } else {
            p.setLruNext(prev, next);
        }
        if (next == Pages.NIL) {
            tail[at] = prev;
        } else {
            p.setLruPrev(next, prev);
        }
        p.setFreeFlags(id, 0);
        nrFree[at]--;
    }
}
