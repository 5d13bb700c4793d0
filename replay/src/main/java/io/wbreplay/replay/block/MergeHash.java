package io.wbreplay.replay.block;

/**
 * block/elevator.c: the merge hash (elv_rqhash_add/del/find), queued requests keyed by end sector, so a
 * bio that starts where a request ends finds it for a back merge without a scan. 64 chained buckets as
 * in the kernel (ELV_HASH_ENTRIES), chained through the requests themselves.
 */
final class MergeHash {
    private static final int SHIFT = 6;
    private final Request[] buckets = new Request[1 << SHIFT];

    private static int bucket(long endSector) {
        // hash_long(ELV_HASH_BLOCK(sec), elv_hash_shift)
        return (int) (((endSector >>> 3) * 0x9e37fffffffc0001L) >>> (64 - SHIFT));
    }

    /** elv_rqhash_add(). */
    void add(Request rq) {
        int b = bucket(rq.endSector());
        rq.hashNext = buckets[b];
        buckets[b] = rq;
        rq.hashed = true;
    }

    /** elv_rqhash_del(): a no-op for a request not on the hash. */
    void remove(Request rq) {
        if (!rq.hashed) {
            return;
        }
        int b = bucket(rq.endSector());
        Request prev = null;
        for (Request r = buckets[b]; r != null; prev = r, r = r.hashNext) {
            if (r == rq) {
                if (prev == null) {
                    buckets[b] = r.hashNext;
                } else {
                    prev.hashNext = r.hashNext;
                }
                break;
            }
        }
        rq.hashNext = null;
        rq.hashed = false;
    }

    /**
     * elv_rqhash_find(): a mergeable request ending at {@code endSector}, or null. Call {@link #remove}
     * before a request's end sector changes and {@link #add} after (elv_rqhash_reposition()).
     */
    Request find(long endSector) {
        for (Request r = buckets[bucket(endSector)]; r != null; r = r.hashNext) {
            if (r.endSector() == endSector && !r.noMerge) {
                return r;
            }
        }
        return null;
    }
}
