package io.wbreplay.replay.block;

import io.wbreplay.traces.Operation;

/**
 * block/deadline-iosched.c: per direction, a sector-sorted list and a FIFO with an expiry time per
 * request. Dispatch continues in sector order for up to fifo_batch requests, then picks a direction
 * (reads first, unless writes have been passed over writes_starved times) and starts from the oldest
 * request if its deadline has passed, else from the next one in sector order.
 */
public final class DeadlineElevator implements Elevator {
    private static final int READ = 0;
    private static final int WRITE = 1;

    private final DeadlineConfig config;
    private final SectorSortedRequests[] sortList = {new SectorSortedRequests(), new SectorSortedRequests()};
    private final RequestList[] fifoList = {new RequestList(), new RequestList()};
    /** next_rq: the request after the last dispatched one in sector order, per direction. */
    private final Request[] nextRq = new Request[2];
    private int batching;
    private int starved;
    private long lastSector;

    public DeadlineElevator(DeadlineConfig config) {
        this.config = config;
    }

    public DeadlineElevator() {
        this(DeadlineConfig.DEFAULT);
    }

    public DeadlineConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "deadline";
    }

    private static int dir(Request rq) {
        return rq.isWrite() ? WRITE : READ;
    }

    private long expireNs(int dir) {
        return dir == READ ? config.readExpireNs() : config.writeExpireNs();
    }

    /** The end sector of the last dispatched request (dd->last_sector). */
    public long lastSector() {
        return lastSector;
    }

    @Override
    public boolean isEmpty() {
        return fifoList[READ].isEmpty() && fifoList[WRITE].isEmpty();
    }

    /** deadline_add_request(): into the sort list and at the FIFO tail with its deadline. */
    @Override
    public void add(Request rq, long nowNs) {
        int d = dir(rq);
        sortList[d].add(rq);
        rq.fifoTimeNs = nowNs + expireNs(d);
        fifoList[d].addLast(rq);
    }

    /** deadline_remove_request(). */
    private void remove(Request rq) {
        int d = dir(rq);
        fifoList[d].remove(rq);
        if (nextRq[d] == rq) {
            nextRq[d] = sortList[d].latter(rq);
        }
        sortList[d].remove(rq);
    }

    /** deadline_merge(): a request starting where the bio ends. */
    @Override
    public Request frontMergeCandidate(Bio bio) {
        if (!config.frontMerges()) {
            return null;
        }
        int d = bio.op == Operation.READ ? READ : WRITE;
        return sortList[d].find(bio.endSector());
    }

    /** deadline_merged_request(): a front merge moved the start, so re-sort. */
    @Override
    public void merged(Request rq, boolean front) {
        if (front) {
            SectorSortedRequests list = sortList[dir(rq)];
            list.remove(rq);
            list.add(rq);
        }
    }

    /** deadline_merged_requests(): rq inherits next's earlier deadline and FIFO place. */
    @Override
    public void mergedRequests(Request rq, Request next) {
        if (rq.list != null && next.list != null && next.fifoTimeNs < rq.fifoTimeNs) {
            RequestList fifo = fifoList[dir(rq)];
            fifo.remove(rq);
            fifo.addBefore(next, rq);
            rq.fifoTimeNs = next.fifoTimeNs;
        }
        remove(next);
    }

    @Override
    public Request former(Request rq) {
        return sortList[dir(rq)].former(rq);
    }

    @Override
    public Request latter(Request rq) {
        return sortList[dir(rq)].latter(rq);
    }

    /** deadline_dispatch_requests(). */
    @Override
    public Request dispatch(long nowNs) {
        boolean reads = !fifoList[READ].isEmpty();
        boolean writes = !fifoList[WRITE].isEmpty();
        Request rq = nextRq[WRITE] != null ? nextRq[WRITE] : nextRq[READ];
        if (rq != null && batching < config.fifoBatch()) {
            batching++;
            moveRequest(rq);
            return rq;
        }
        int d;
        if (reads && !(writes && starved++ >= config.writesStarved())) {
            d = READ;
        } else if (writes) {
            starved = 0;
            d = WRITE;
        } else {
            return null;
        }
        if (fifoExpired(d, nowNs) || nextRq[d] == null) {
            rq = fifoList[d].first(); // start again from the oldest
        } else {
            rq = nextRq[d]; // go on in sector order
        }
        batching = 1;
        moveRequest(rq);
        return rq;
    }

    /** deadline_check_fifo(). */
    private boolean fifoExpired(int d, long nowNs) {
        return nowNs >= fifoList[d].first().fifoTimeNs;
    }

    /** deadline_move_request(). */
    private void moveRequest(Request rq) {
        int d = dir(rq);
        nextRq[READ] = null;
        nextRq[WRITE] = null;
        nextRq[d] = sortList[d].latter(rq);
        lastSector = rq.endSector();
        remove(rq);
    }
}
