package io.wbreplay.replay.block;

import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;

/**
 * block/blk-merge.c with the merge half of block/elevator.c: a bio joins a plugged or queued request it
 * continues (back merge) or precedes (front merge), found through q->last_merge, the end-sector hash or
 * the scheduler; a grown request may then join its neighbour (attempt_merge()). No request grows past
 * max_sectors; one refused is marked REQ_NOMERGE.
 */
final class BlkMerge {
    private final RequestQueue queue;
    private final EventLoop loop;
    private final Elevator elevator;
    private final QueueConfig config;
    private final RequestPool pool;
    private final QueueStats stats;
    private final MergeHash hash = new MergeHash();
    /** q->last_merge: the one-hit merge cache. */
    private Request lastMerge;

    BlkMerge(RequestQueue queue, EventLoop loop, Elevator elevator, QueueConfig config, RequestPool pool, QueueStats stats) {
        this.queue = queue;
        this.loop = loop;
        this.elevator = elevator;
        this.config = config;
        this.pool = pool;
        this.stats = stats;
    }

    /** Bios with a flush or FUA never merge (REQ_NOMERGE_FLAGS). */
    static boolean mergeable(Bio bio) {
        return bio.op != Operation.FLUSH && (bio.flags & (IoRecord.FUA | IoRecord.PREFLUSH)) == 0;
    }

    static boolean isFlushRequest(Request rq) {
        return rq.op == Operation.FLUSH || (rq.flags & (IoRecord.FUA | IoRecord.PREFLUSH)) != 0;
    }

    /** elv_rqhash_add() as {@code rq} enters the scheduler; the first becomes q->last_merge. */
    void inserted(Request rq) {
        hash.add(rq);
        if (lastMerge == null) {
            lastMerge = rq;
        }
    }

    /** {@code rq} left the scheduler for the device: it can no longer merge. */
    void dispatched(Request rq) {
        hash.remove(rq);
        if (lastMerge == rq) {
            lastMerge = null;
        }
    }

    /** elv_rq_merge_ok() / blk_rq_merge_ok(). */
    private static boolean mergeOk(Request rq, Bio bio) {
        return !rq.noMerge && !isFlushRequest(rq)
                && rq.isWrite() == (bio.op != Operation.READ)
                && (rq.op == Operation.DISCARD) == (bio.op == Operation.DISCARD);
    }

    /** attempt_plug_merge(): newest plugged request first. */
    boolean attemptPlugMerge(Plug plug, Bio bio) {
        for (Request rq = plug.list.last(); rq != null; rq = rq.prev) {
            if (!mergeOk(rq, bio)) {
                continue;
            }
            if (rq.endSector() == bio.sector) {
                if (backMerge(rq, bio)) {
                    return true;
                }
            } else if (rq.sector - (bio.bytes >>> 9) == bio.sector) {
                if (frontMerge(rq, bio)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** elv_merge() and the merge half of blk_queue_bio(). */
    boolean elvMerge(Bio bio) {
        Request rq = null;
        boolean front = false;
        if (lastMerge != null && mergeOk(lastMerge, bio)) {
            if (lastMerge.endSector() == bio.sector) {
                rq = lastMerge;
            } else if (lastMerge.sector - (bio.bytes >>> 9) == bio.sector) {
                rq = lastMerge;
                front = true;
            }
        }
        if (rq == null) {
            Request r = hash.find(bio.sector);
            if (r != null && mergeOk(r, bio)) {
                rq = r;
            }
        }
        if (rq == null) {
            Request r = elevator.frontMergeCandidate(bio);
            if (r != null && mergeOk(r, bio)) {
                rq = r;
                front = true;
            }
        }
        if (rq == null) {
            return false;
        }
        if (!front) {
            if (!backMerge(rq, bio)) {
                return false;
            }
            Request next = elevator.latter(rq); // attempt_back_merge()
            if (next == null || !attemptMerge(rq, next)) {
                elevator.merged(rq, false);
                lastMerge = rq;
            }
        } else {
            if (!frontMerge(rq, bio)) {
                return false;
            }
            elevator.merged(rq, true); // re-sort before looking up the neighbour
            Request prev = elevator.former(rq); // attempt_front_merge()
            if (prev == null || !attemptMerge(prev, rq)) {
                lastMerge = rq;
            }
        }
        return true;
    }

    /** ll_back_merge_fn() + bio_attempt_back_merge(). */
    private boolean backMerge(Request rq, Bio bio) {
        if (!fits(rq, rq.sectors() + (bio.bytes >>> 9))) {
            return false;
        }
        boolean hashed = rq.hashed;
        hash.remove(rq);
        rq.appendBio(bio);
        if (hashed) {
            hash.add(rq);
        }
        stats.backMerges++;
        for (DispatchListener l : queue.listeners()) {
            l.onMerge(loop.now(), bio, rq, false);
        }
        return true;
    }

    /** ll_front_merge_fn() + bio_attempt_front_merge(): the end sector, hence the hash key, stays. */
    private boolean frontMerge(Request rq, Bio bio) {
        if (!fits(rq, rq.sectors() + (bio.bytes >>> 9))) {
            return false;
        }
        rq.prependBio(bio);
        stats.frontMerges++;
        for (DispatchListener l : queue.listeners()) {
            l.onMerge(loop.now(), bio, rq, true);
        }
        return true;
    }

    /** The max_sectors check of ll_*_merge_fn(): a refused request is marked REQ_NOMERGE. */
    private boolean fits(Request rq, int sectors) {
        if (sectors <= config.maxSectors()) {
            return true;
        }
        rq.noMerge = true;
        if (lastMerge == rq) {
            lastMerge = null;
        }
        return false;
    }

    /**
     * block/blk-merge.c attempt_merge(): {@code next} starts where {@code rq} ends; {@code rq} takes its
     * bios and {@code next} is freed. {@code next} is either queued in the scheduler or, coming from a
     * plug, not yet queued anywhere.
     */
    private boolean attemptMerge(Request rq, Request next) {
        if (rq.noMerge || next.noMerge || isFlushRequest(rq) || isFlushRequest(next)
                || rq.endSector() != next.sector || rq.isWrite() != next.isWrite()
                || (rq.op == Operation.DISCARD) != (next.op == Operation.DISCARD)
                || rq.sectors() + next.sectors() > config.maxSectors()) {
            return false;
        }
        boolean hashed = rq.hashed;
        hash.remove(rq);
        rq.appendRequest(next);
        if (hashed) {
            hash.add(rq);
        }
        if (next.list != null) {
            elevator.mergedRequests(rq, next);
        }
        hash.remove(next);
        lastMerge = rq;
        stats.requestMerges++;
        pool.free(next); // its bios now belong to rq
        return true;
    }

    /** elv_attempt_insert_merge(): a request leaving a plug joins a queued one it continues. */
    boolean attemptInsertMerge(Request rq) {
        if (lastMerge != null && attemptMerge(lastMerge, rq)) {
            return true;
        }
        Request r = hash.find(rq.sector);
        return r != null && attemptMerge(r, rq);
    }
}
