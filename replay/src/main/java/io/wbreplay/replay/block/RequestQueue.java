package io.wbreplay.replay.block;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Objects;

/**
 * block/blk-core.c: struct request_queue with blk_queue_bio() (the make_request function of a
 * request-based device), per-task plugging, bio and request merging, the request pool with its
 * congestion thresholds, and the driver's request_fn that feeds the device while it has room.
 *
 * <p>A bio flagged PREFLUSH or FUA, and an empty FLUSH bio, never merges; it gets its own request that
 * bypasses the scheduler (block/blk-flush.c: blk_insert_flush()) and costs the device a cache flush
 * before its data (PREFLUSH, FLUSH) or after it (FUA, as libata does without native FUA).
 *
 * <p>Construct one per device on the run's {@link EventLoop}:
 * {@code new RequestQueue(loop, new DeviceQueue(new RotatingDisk()), Elevators.create("deadline"),
 * QueueConfig.DEFAULT)}, then {@link #addListener} the metrics and the dispatch log.
 */
public final class RequestQueue implements BlockQueue {
    private final EventLoop loop;
    private final DeviceQueue device;
    private final Elevator elevator;
    private final QueueConfig config;
    private final RequestPool pool;
    private final MergeHash hash = new MergeHash();
    /** Flush and FUA requests, issued ahead of the scheduler's. */
    private final RequestList flushQueue = new RequestList();
    private final IdentityHashMap<Task, Plug> plugs = new IdentityHashMap<>();
    private final ArrayDeque<Plug> sparePlugs = new ArrayDeque<>();
    private DispatchListener[] listeners = new DispatchListener[0];
    /** q->last_merge: the one-hit merge cache. */
    private Request lastMerge;

    private long bios;
    private long backMerges;
    private long frontMerges;
    private long requestMerges;
    private long requests;
    private long queueFullSleeps;
    private long dispatched;
    private long completed;

    public RequestQueue(EventLoop loop, DeviceQueue device, Elevator elevator, QueueConfig config) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.device = Objects.requireNonNull(device, "device");
        this.elevator = Objects.requireNonNull(elevator, "elevator");
        this.config = Objects.requireNonNull(config, "config");
        this.pool = new RequestPool(this, config.nrRequests());
    }

    /** Adds a listener; listeners are told of each event in the order they were added. */
    public void addListener(DispatchListener listener) {
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        listeners[listeners.length - 1] = Objects.requireNonNull(listener, "listener");
    }

    public DeviceQueue deviceQueue() {
        return device;
    }

    public QueueConfig config() {
        return config;
    }

    @Override
    public int maxSectors() {
        return config.maxSectors();
    }

    /** bdi_write_congested(): the async half of the pool is congested. */
    @Override
    public boolean writeCongested() {
        return pool.congested(RequestPool.ASYNC);
    }

    /** bdi_read_congested(): the sync half of the pool is congested. */
    public boolean readCongested() {
        return pool.congested(RequestPool.SYNC);
    }

    /** Requests allocated from the sync or the async half of the pool. */
    public int allocatedRequests(boolean sync) {
        return pool.count(RequestPool.index(sync));
    }

    /** queue_congestion_on_threshold(). */
    public int congestionOnThreshold() {
        return pool.congestionOnThreshold();
    }

    /** queue_congestion_off_threshold(). */
    public int congestionOffThreshold() {
        return pool.congestionOffThreshold();
    }

    /** Requests held in {@code task}'s plug. */
    public int pluggedRequests(Task task) {
        Plug plug = plugs.get(task);
        return plug == null ? 0 : plug.list.size();
    }

    /** True when nothing is plugged, queued, waiting for a request or in flight. */
    public boolean isIdle() {
        for (Plug plug : plugs.values()) {
            if (!plug.list.isEmpty()) {
                return false;
            }
        }
        return elevator.isEmpty() && flushQueue.isEmpty() && device.inFlight() == 0
                && !pool.hasWaiter(RequestPool.ASYNC) && !pool.hasWaiter(RequestPool.SYNC);
    }

    /** Bios submitted. */
    public long bios() {
        return bios;
    }

    /** Bios merged at the back of a request. */
    public long backMerges() {
        return backMerges;
    }

    /** Bios merged at the front of a request. */
    public long frontMerges() {
        return frontMerges;
    }

    /** Requests merged into a neighbour (attempt_merge()). */
    public long requestMerges() {
        return requestMerges;
    }

    /** Requests allocated. */
    public long requests() {
        return requests;
    }

    /** Times a submitter slept because its half of the pool was full. */
    public long queueFullSleeps() {
        return queueFullSleeps;
    }

    public long dispatched() {
        return dispatched;
    }

    public long completed() {
        return completed;
    }

    // ---- submission -------------------------------------------------------------------------------

    /** blk_start_plug(). */
    @Override
    public void startPlug(Task task) {
        Plug plug = plugs.get(task);
        if (plug == null) {
            plug = sparePlugs.isEmpty() ? new Plug() : sparePlugs.pollFirst();
            plugs.put(task, plug);
        }
        plug.depth++;
    }

    /** blk_finish_plug(): the outermost finish sends the plugged requests to the scheduler. */
    @Override
    public void finishPlug(Task task) {
        Plug plug = plugs.get(task);
        if (plug == null) {
            throw new IllegalStateException(task + " finishes a plug it never started");
        }
        if (--plug.depth > 0) {
            return;
        }
        flushPlug(plug);
        plugs.remove(task);
        sparePlugs.addLast(plug);
        serveWaiters();
        runQueue();
    }

    /**
     * blk_schedule_flush_plug(): what the scheduler does when a plugged task blocks; its plugged requests
     * go to the scheduler while the plug stays open. Call it before a plugged task sleeps on anything
     * else than this queue (a page lock, a throttling pause).
     */
    public void flushPlug(Task task) {
        Plug plug = plugs.get(task);
        if (plug != null) {
            flushPlug(plug);
            serveWaiters();
            runQueue();
        }
    }

    /** submit_bio() -> blk_queue_bio(). */
    @Override
    public boolean submitBio(Task task, Bio bio) {
        Objects.requireNonNull(task, "task");
        if (task.state() == Task.State.WAITING) {
            throw new IllegalStateException(task + " submits a bio while asleep on " + task.waitingOn());
        }
        check(bio);
        long now = loop.now();
        bio.submitter = task;
        bio.queuedNs = now;
        bios++;
        for (DispatchListener l : listeners) {
            l.onQueue(now, bio);
        }
        Plug plug = activePlug(task);
        if (mergeable(bio) && ((plug != null && attemptPlugMerge(plug, bio)) || elvMerge(bio))) {
            serveWaiters();
            return true;
        }
        int half = RequestPool.index(Request.isSync(bio));
        if (!pool.canAllocate(half)) {
            // get_request_wait(): the task sleeps; schedule() flushes its plug first
            if (plug != null) {
                flushPlug(plug);
            }
            pool.addWaiter(half, bio);
            queueFullSleeps++;
            for (DispatchListener l : listeners) {
                l.onSleep(now, bio);
            }
            task.sleepOn(pool.waitQueue(half), StallCause.QUEUE_FULL);
            serveWaiters();
            runQueue();
            return false;
        }
        addNewRequest(getRequest(half, bio), plug);
        serveWaiters();
        runQueue();
        return true;
    }

    private void check(Bio bio) {
        Objects.requireNonNull(bio, "bio");
        if (bio.op == null || !(bio.op.hasData() || bio.op == Operation.FLUSH)) {
            throw new IllegalArgumentException("the block layer takes READ, WRITE, DISCARD or FLUSH bios, not " + bio.op);
        }
        if (bio.bytes < 0 || (bio.bytes & 511) != 0) {
            throw new IllegalArgumentException("bio length must be a whole number of sectors, got " + bio.bytes + " bytes");
        }
        if (bio.op == Operation.FLUSH ? bio.bytes != 0 : bio.bytes == 0) {
            throw new IllegalArgumentException(bio.op == Operation.FLUSH
                    ? "a FLUSH bio carries no data (use WRITE with PREFLUSH)" : "an empty " + bio.op + " bio");
        }
        if (bio.op != Operation.DISCARD && (bio.bytes >>> 9) > config.maxSectors()) {
            throw new IllegalArgumentException("bio of " + (bio.bytes >>> 9) + " sectors exceeds max_sectors "
                    + config.maxSectors());
        }
        if (bio.sector < 0) {
            throw new IllegalArgumentException("negative sector " + bio.sector);
        }
    }

    private Plug activePlug(Task task) {
        return task == null ? null : plugs.get(task);
    }

    /** Bios with a flush or FUA never merge (REQ_NOMERGE_FLAGS). */
    private static boolean mergeable(Bio bio) {
        return bio.op != Operation.FLUSH && (bio.flags & (IoRecord.FUA | IoRecord.PREFLUSH)) == 0;
    }

    private static boolean isFlushRequest(Request rq) {
        return rq.op == Operation.FLUSH || (rq.flags & (IoRecord.FUA | IoRecord.PREFLUSH)) != 0;
    }

    /** get_request(). */
    private Request getRequest(int half, Bio bio) {
        Request rq = pool.allocate(half);
        rq.init(bio, loop.now());
        requests++;
        for (DispatchListener l : listeners) {
            l.onGetRequest(loop.now(), bio, rq);
        }
        return rq;
    }

    /** The tail of blk_queue_bio(): into the plug (flushing a full one first) or the scheduler. */
    private void addNewRequest(Request rq, Plug plug) {
        if (plug != null) {
            if (plug.list.size() >= Plug.MAX_REQUEST_COUNT) {
                flushPlug(plug);
            }
            plug.list.addLast(rq);
        } else {
            insert(rq);
        }
    }

    /** Hands freed requests to sleeping submitters, oldest first, and wakes them. */
    private void serveWaiters() {
        for (int half = RequestPool.SYNC; half >= RequestPool.ASYNC; half--) {
            while (pool.hasWaiter(half) && pool.canAllocate(half)) {
                Bio bio = pool.pollWaiter(half);
                Request rq = getRequest(half, bio);
                pool.waitQueue(half).wakeOne();
                addNewRequest(rq, activePlug(bio.submitter));
            }
        }
    }

    // ---- merging ----------------------------------------------------------------------------------

    /** elv_rq_merge_ok() / blk_rq_merge_ok(). */
    private static boolean mergeOk(Request rq, Bio bio) {
        return !rq.noMerge && !isFlushRequest(rq)
                && rq.isWrite() == (bio.op != Operation.READ)
                && (rq.op == Operation.DISCARD) == (bio.op == Operation.DISCARD);
    }

    /** attempt_plug_merge(): newest plugged request first. */
    private boolean attemptPlugMerge(Plug plug, Bio bio) {
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
    private boolean elvMerge(Bio bio) {
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
        backMerges++;
        for (DispatchListener l : listeners) {
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
        frontMerges++;
        for (DispatchListener l : listeners) {
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
        requestMerges++;
        pool.free(next); // its bios now belong to rq
        return true;
    }

    /** elv_attempt_insert_merge(): a request leaving a plug joins a queued one it continues. */
    private boolean attemptInsertMerge(Request rq) {
        if (lastMerge != null && attemptMerge(lastMerge, rq)) {
            return true;
        }
        Request r = hash.find(rq.sector);
        return r != null && attemptMerge(r, rq);
    }

    // ---- queueing and dispatch --------------------------------------------------------------------

    /** blk_flush_plug_list(): every plugged request to the scheduler (insert-merging), then run. */
    private void flushPlug(Plug plug) {
        if (plug.list.isEmpty()) {
            return;
        }
        Request rq;
        while ((rq = plug.list.pollFirst()) != null) {
            if (isFlushRequest(rq) || !attemptInsertMerge(rq)) {
                insert(rq);
            }
        }
        runQueue();
    }

    /** __elv_add_request(): ELEVATOR_INSERT_FLUSH or ELEVATOR_INSERT_SORT. */
    private void insert(Request rq) {
        long now = loop.now();
        if (isFlushRequest(rq)) {
            flushQueue.addLast(rq);
        } else {
            hash.add(rq);
            if (lastMerge == null) {
                lastMerge = rq;
            }
            elevator.add(rq, now);
        }
        for (DispatchListener l : listeners) {
            l.onInsert(now, rq);
        }
    }

    /** __blk_run_queue() -> request_fn: issue requests while the device has room. */
    private void runQueue() {
        while (device.canAccept()) {
            long now = loop.now();
            Request rq = flushQueue.pollFirst();
            if (rq == null) {
                rq = elevator.dispatch(now);
                if (rq == null) {
                    return;
                }
                hash.remove(rq);
                if (lastMerge == rq) {
                    lastMerge = null;
                }
            }
            rq.dispatchNs = now;
            long done = device.start(now, rq.sector, rq.bytes, rq.op, rq.hasPreflush(), rq.isFua());
            dispatched++;
            for (DispatchListener l : listeners) {
                l.onDispatch(now, rq);
            }
            loop.at(done, rq.completion);
        }
    }

    /** blk_end_request_all(): end every bio in disk order, free the request, issue more. */
    void completeRequest(Request rq, long nowNs) {
        device.complete();
        rq.completeNs = nowNs;
        completed++;
        for (DispatchListener l : listeners) {
            l.onComplete(nowNs, rq);
        }
        for (int i = 0; i < rq.nrBios(); i++) {
            Bio bio = rq.bio(i);
            if (bio.endIo != null) {
                bio.endIo.endIo(bio, nowNs);
            }
        }
        pool.free(rq);
        serveWaiters();
        runQueue();
    }
}
