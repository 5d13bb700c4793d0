package io.wbreplay.replay.block;

import java.util.Arrays;

/**
 * block/elevator.c: elv_rb_add/del/find and rb_next/rb_prev, the elevator's sector-sorted tree, kept as
 * a sorted array: a queue holds at most a few hundred requests, so binary search plus a short array copy
 * beats a tree and allocates nothing. Requests with equal start sectors keep their insertion order.
 * The start sectors are kept beside the requests, so a search reads one small array.
 */
final class SectorSortedRequests {
    private Request[] rqs = new Request[64];
    /** keys[i]: rqs[i]'s start sector when it was added (a front merge re-adds it). */
    private long[] keys = new long[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** elv_rb_add(). */
    void add(Request rq) {
        if (size == rqs.length) {
            rqs = Arrays.copyOf(rqs, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        int i = upperBound(rq.sector);
        System.arraycopy(rqs, i, rqs, i + 1, size - i);
        System.arraycopy(keys, i, keys, i + 1, size - i);
        rqs[i] = rq;
        keys[i] = rq.sector;
        size++;
    }

    /** elv_rb_del(). */
    void remove(Request rq) {
        int i = indexOf(rq);
        System.arraycopy(rqs, i + 1, rqs, i, size - i - 1);
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        rqs[--size] = null;
    }

    /** elv_rb_find(): the first request starting at {@code sector}, or null. */
    Request find(long sector) {
        int i = lowerBound(sector);
        return i < size && keys[i] == sector ? rqs[i] : null;
    }

    /** rb_next(): the request after {@code rq} in sector order, or null. */
    Request latter(Request rq) {
        int i = indexOf(rq) + 1;
        return i < size ? rqs[i] : null;
    }

    /** rb_prev(): the request before {@code rq} in sector order, or null. */
    Request former(Request rq) {
        int i = indexOf(rq) - 1;
        return i >= 0 ? rqs[i] : null;
    }

    private int indexOf(Request rq) {
        for (int i = lowerBound(rq.sector); i < size && keys[i] == rq.sector; i++) {
            if (rqs[i] == rq) {
                return i;
            }
        }
        // a front merge moved the request's start: find it where it was sorted before
        for (int i = 0; i < size; i++) {
            if (rqs[i] == rq) {
                return i;
            }
        }
        throw new IllegalStateException(rq + " is not in the sort list");
    }

    /** First index whose sector is >= {@code sector}. */
    private int lowerBound(long sector) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < sector) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose sector is > {@code sector}. */
    private int upperBound(long sector) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= sector) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
