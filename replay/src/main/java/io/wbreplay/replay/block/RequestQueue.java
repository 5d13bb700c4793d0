package io.wbreplay.replay.block;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.Operation;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Objects;

/**
 * block/blk-core.c: struct request_queue with blk_queue_bio() (the make_request function of a
 * request-based device), per-task plugging, the request pool with its congestion thresholds, and the
 * driver's request_fn that feeds the device while it has room; bio and request merging are
 * {@link BlkMerge}'s.
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
    private final BlkMerge merge;
    /** Flush and FUA requests, issued ahead of the scheduler's. */
    private final RequestList flushQueue = new RequestList();
    private final IdentityHashMap<Task, Plug> plugs = new IdentityHashMap<>();
    private final ArrayDeque<Plug> sparePlugs = new ArrayDeque<>();
    private DispatchListener[] listeners = new DispatchListener[0];
    private final QueueStats stats = new QueueStats();

    public RequestQueue(EventLoop loop, DeviceQueue device, Elevator elevator, QueueConfig config) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.device = Objects.requireNonNull(device, "device");
        this.elevator = Objects.requireNonNull(elevator, "elevator");
        this.config = Objects.requireNonNull(config, "config");
        this.pool = new RequestPool(this, config.nrRequests());
        this.merge = new BlkMerge(this, loop, elevator, config, pool, stats);
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

    /** The queue's counters. */
    public QueueStats stats() {
        return stats;
    }

    /** The listeners, in the order added (for {@link BlkMerge}). */
    DispatchListener[] listeners() {
        return listeners;
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

    /** submit_bio() -> blk_queue_bio(); a bio past max_sectors is split first ({@link #submitSplit}). */
    @Override
    public boolean submitBio(Task task, Bio bio) {
        Objects.requireNonNull(task, "task");
        if (task.state() == Task.State.WAITING) {
            throw new IllegalStateException(task + " submits a bio while asleep on " + task.waitingOn());
        }
        check(bio);
        if (bio.op != Operation.DISCARD && (bio.bytes >>> 9) > config.maxSectors()) {
            return submitSplit(task, bio);
        }
        return queueBio(task, bio, false);
    }

    /**
     * bio_split_to_limits() (4.3+, "block: make generic_make_request handle arbitrarily sized bios"):
     * pieces of max_sectors, chained to the bio, queued in disk order. When one has to wait for a
     * request the pieces after it wait behind it, and the task wakes when the last has one.
     */
    private boolean submitSplit(Task task, Bio bio) {
        int max = config.maxSectors() << 9;
        int pieces = bio.splitPieces(config.maxSectors());
        BioChain chain = new BioChain(bio, pieces);
        bio.submitter = task;
        bio.queuedNs = loop.now();
        boolean asleep = false;
        for (int i = 0; i < pieces; i++) {
            Bio piece = Bio.piece(bio, i * max, Math.min(max, bio.bytes - i * max), chain);
            piece.wakesSubmitter = i == pieces - 1;
            if (!queueBio(task, piece, asleep)) {
                asleep = true;
            }
        }
        return !asleep;
    }

    /**
     * blk_queue_bio() of one bio of at most max_sectors; with {@code behind} the task already sleeps
     * for an earlier piece of the same split, and this one waits behind it for a request.
     */
    private boolean queueBio(Task task, Bio bio, boolean behind) {
        long now = loop.now();
        bio.submitter = task;
        bio.queuedNs = now;
        stats.bios++;
        for (DispatchListener l : listeners) {
            l.onQueue(now, bio);
        }
        int half = RequestPool.index(Request.isSync(bio));
        if (behind) {
            pool.addWaiter(half, bio);
            return false;
        }
        Plug plug = activePlug(task);
        if (BlkMerge.mergeable(bio) && ((plug != null && merge.attemptPlugMerge(plug, bio)) || merge.elvMerge(bio))) {
            serveWaiters();
            return true;
        }
        if (!pool.canAllocate(half)) {
            // get_request_wait(): the task sleeps; schedule() flushes its plug first
            if (plug != null) {
                flushPlug(plug);
            }
            pool.addWaiter(half, bio);
            stats.queueFullSleeps++;
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
        if (bio.sector < 0) {
            throw new IllegalArgumentException("negative sector " + bio.sector);
        }
    }

    private Plug activePlug(Task task) {
        return task == null ? null : plugs.get(task);
    }

    /** get_request(). */
    private Request getRequest(int half, Bio bio) {
        Request rq = pool.allocate(half);
        rq.init(bio, loop.now());
        stats.requests++;
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
                if (bio.wakesSubmitter) {
                    pool.waitQueue(half).wakeOne();
                }
                addNewRequest(rq, activePlug(bio.submitter));
            }
        }
    }

    // ---- queueing and dispatch --------------------------------------------------------------------

    /** blk_flush_plug_list(): every plugged request to the scheduler (insert-merging), then run. */
    private void flushPlug(Plug plug) {
        if (plug.list.isEmpty()) {
            return;
        }
        Request rq;
        while ((rq = plug.list.pollFirst()) != null) {
            if (BlkMerge.isFlushRequest(rq) || !merge.attemptInsertMerge(rq)) {
                insert(rq);
            }
        }
        runQueue();
    }

    /** __elv_add_request(): ELEVATOR_INSERT_FLUSH or ELEVATOR_INSERT_SORT. */
    private void insert(Request rq) {
        long now = loop.now();
        if (BlkMerge.isFlushRequest(rq)) {
            flushQueue.addLast(rq);
        } else {
            merge.inserted(rq);
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
                merge.dispatched(rq);
            }
            rq.dispatchNs = now;
            long done = device.start(now, rq.sector, rq.bytes, rq.op, rq.hasPreflush(), rq.isFua());
            stats.dispatched++;
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
        stats.completed++;
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
