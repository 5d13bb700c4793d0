package io.wbreplay.replay.block;

import io.wbreplay.replay.sim.Event;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.util.Arrays;

/**
 * include/linux/blkdev.h: struct request, disk-contiguous bios merged into one device command. Requests
 * come from a fixed pool owned by the {@link RequestQueue} and are reused, so a run allocates none after
 * start-up. A request carries the origin and pid of the bio that allocated it.
 */
public final class Request {
    final RequestQueue queue;
    /** Fired by the event loop when the device completes this request. */
    final Event completion;

    long sector;
    int bytes;
    Operation op;
    int flags;
    /** rw_is_sync(): reads and REQ_SYNC writes draw from the sync half of the pool. */
    boolean sync;
    IoOrigin origin;
    int pid;
    /** REQ_NOMERGE: a merge was refused for size; the request takes no more. */
    boolean noMerge;
    long startNs;
    long fifoTimeNs;
    long dispatchNs;
    long completeNs;

    private Bio[] bios = new Bio[8];
    private int nrBios;

    // queuelist: the one list (plug, elevator FIFO, flush queue) the request is on.
    Request prev;
    Request next;
    RequestList list;
    // the merge hash chain (elv_rqhash)
    Request hashNext;
    boolean hashed;

    Request(RequestQueue queue) {
        this.queue = queue;
        this.completion = now -> queue.completeRequest(this, now);
    }

    /** blk_rq_init() + init_request_from_bio(). */
    void init(Bio bio, long nowNs) {
        sector = bio.sector;
        bytes = bio.bytes;
        op = bio.op;
        flags = bio.flags;
        sync = isSync(bio);
        origin = bio.origin;
        pid = bio.submitter == null ? 0 : bio.submitter.pid();
        noMerge = false;
        startNs = nowNs;
        fifoTimeNs = 0;
        dispatchNs = -1;
        completeNs = -1;
        bios[0] = bio;
        nrBios = 1;
    }

    /** Drops the bio references so a pooled request pins nothing. */
    void clear() {
        Arrays.fill(bios, 0, nrBios, null);
        nrBios = 0;
    }

    static boolean isSync(Bio bio) {
        return bio.op == Operation.READ || (bio.flags & IoRecord.SYNC) != 0;
    }

    /** bio_attempt_back_merge(): append. */
    void appendBio(Bio bio) {
        ensureRoom(1);
        bios[nrBios++] = bio;
        bytes += bio.bytes;
    }

    /** bio_attempt_front_merge(): prepend, the request now starts at the bio. */
    void prependBio(Bio bio) {
        ensureRoom(1);
        System.arraycopy(bios, 0, bios, 1, nrBios);
        bios[0] = bio;
        nrBios++;
        sector = bio.sector;
        bytes += bio.bytes;
    }

    /** attempt_merge(): take over {@code next}'s bios, which follow ours on disk. */
    void appendRequest(Request nextRq) {
        ensureRoom(nextRq.nrBios);
        System.arraycopy(nextRq.bios, 0, bios, nrBios, nextRq.nrBios);
        nrBios += nextRq.nrBios;
        bytes += nextRq.bytes;
        if (nextRq.startNs < startNs) {
            startNs = nextRq.startNs;
        }
    }

    private void ensureRoom(int more) {
        if (nrBios + more > bios.length) {
            bios = Arrays.copyOf(bios, Math.max(bios.length * 2, nrBios + more));
        }
    }

    /** blk_rq_pos(): first sector. */
    public long sector() {
        return sector;
    }

    /** The sector after the last one (rq_end_sector()). */
    public long endSector() {
        return sector + (bytes >>> 9);
    }

    public int bytes() {
        return bytes;
    }

    public int sectors() {
        return bytes >>> 9;
    }

    public Operation op() {
        return op;
    }

    /** {@link IoRecord} flag bits of the allocating bio (SYNC, META, FUA, PREFLUSH). */
    public int flags() {
        return flags;
    }

    public boolean isWrite() {
        return op != Operation.READ;
    }

    public boolean isSync() {
        return sync;
    }

    /** A cache flush runs before the data (REQ_FLUSH, or an empty FLUSH request). */
    public boolean hasPreflush() {
        return op == Operation.FLUSH || (flags & IoRecord.PREFLUSH) != 0;
    }

    public boolean isFua() {
        return (flags & IoRecord.FUA) != 0;
    }

    /** Origin of the bio that allocated the request. */
    public IoOrigin origin() {
        return origin;
    }

    /** Pid of the task whose bio allocated the request (0 if it had none). */
    public int pid() {
        return pid;
    }

    public int nrBios() {
        return nrBios;
    }

    /** The i-th bio in disk order. */
    public Bio bio(int i) {
        return bios[i];
    }

    /** Bios merged into the request after the one that allocated it. */
    public int mergedBios() {
        return nrBios - 1;
    }

    /** When the request was allocated (the earliest of merged requests). */
    public long startNs() {
        return startNs;
    }

    /** When the request went to the device, or -1. */
    public long dispatchNs() {
        return dispatchNs;
    }

    /** When the device completed it, or -1. */
    public long completeNs() {
        return completeNs;
    }

    @Override
    public String toString() {
        return op + " " + sector + "+" + sectors() + " (" + nrBios + " bios, " + origin + ")";
    }
}
