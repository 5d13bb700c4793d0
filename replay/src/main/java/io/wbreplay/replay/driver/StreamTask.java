package io.wbreplay.replay.driver;

import io.wbreplay.replay.writeback.DirtyThrottle;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.TruncateInodePages;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.metrics.RunMetrics;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;
import io.wbreplay.replay.vmscan.PageAllocator;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;

/**
 * One trace stream (a pid) replayed as a process, one system call per record: buffered writes
 * ({@link GenericPerformWrite}, or {@link BtrfsBufferedWrite} on a btrfs-like filesystem), reads
 * ({@link GenericFileRead}), fsync (filemap_write_and_wait_range() + a cache FLUSH), truncate,
 * open/close/unlink (i_count, iput_final() evicting the inode), and for sector-level traces either
 * buffered I/O on the block-device inode or {@link DirectIo}. Resumable at every blocking point.
 */
final class StreamTask extends Task implements BioEndIo {
    private enum Phase { NEXT, PAGES, FSYNC, JOURNAL, FLUSH, DIRECT, SYNC_BIO_WAIT, TRUNCATE, EVICT }

    final StreamQueue queue;
    private final Kernel k;
    private final Replayer replay;
    private final RunMetrics metrics;
    private final TracePump pump;
    private final PageAllocator allocator;
    final DirtyThrottle throttle;
    private final FilemapWriteAndWait fsync;
    /** ext4_sync_file()'s journal commit, or null (no journal). */
    private final Ext4FsyncCommit commit;
    private final TruncateInodePages truncate;
    private final GenericPerformWrite write;
    private final BtrfsBufferedWrite btrfsWrite;
    private final GenericFileRead read;
    private final DirectIo directIo = new DirectIo();
    /** The read or write in progress: {@link #write}, {@link #btrfsWrite} or {@link #read}. */
    private FilePageRange pages;
    private final FileTable files;
    private final WaitQueue ioWait = new WaitQueue("stream-io");
    private final WaitQueue recordWait = new WaitQueue("stream-records");
    private final IoRecord rec = new IoRecord();
    private final boolean closedLoop;
    private final boolean direct;
    private Phase phase = Phase.NEXT;
    private boolean haveRecord;
    private long lagNs;
    /** The latest record time this stream has issued: a record from before it is issued now, not later. */
    private long traceClockNs = Long.MIN_VALUE;
    /** Sleeping until a record's time comes: the trace is idle, not the model stuck. */
    private boolean pacing;
    private Inode inode;
    /** The inode the current read, write, truncate or fsync holds a reference on (the syscall's file reference), or null. */
    private Inode opRef;
    private int syncBiosInFlight;
    private long records;

    StreamTask(Machine m, Replayer replay, RunMetrics metrics, TracePump pump, int pid, ReplayOptions options) {
        super(m.kernel.loop, "stream-" + pid, pid);
        this.k = m.kernel;
        this.replay = replay;
        this.metrics = metrics;
        this.pump = pump;
        this.queue = new StreamQueue(options.lookahead);
        this.allocator = m.pageAllocator(this);
        this.allocator.setStallSink((cause, start, end) -> metrics.stall(cause, end - start));
        this.throttle = m.dirtyThrottle(this);
        this.fsync = new FilemapWriteAndWait(k, this);
        this.commit = k.jbd2 == null ? null : new Ext4FsyncCommit(k, k.jbd2, this);
        GrabCachePageWriteBegin writeBegin = new GrabCachePageWriteBegin(k, this, allocator);
        BalanceDirtyPagesRatelimited ratelimit = new BalanceDirtyPagesRatelimited(throttle);
        this.write = new GenericPerformWrite(k, this, writeBegin, ratelimit);
        this.btrfsWrite = new BtrfsBufferedWrite(k, this, writeBegin, ratelimit);
        this.read = new GenericFileRead(k, this, allocator);
        this.files = replay.files();
        this.truncate = new TruncateInodePages(k.cache, this);
        this.closedLoop = options.closedLoop;
        this.direct = options.direct;
    }

    long records() {
        return records;
    }

    @Override
    protected void stalled(StallCause cause, long startNs, long endNs) {
        if (cause != null) {
            metrics.stall(cause, endNs - startNs);
        }
    }

    /** The pump added records (or reached the end of the trace). */
    void recordsAvailable() {
        if (state() == State.WAITING && waitingOn() == recordWait) {
            recordWait.wakeAll();
        }
    }

    @Override
    protected void run(long nowNs) {
        while (true) {
            switch (phase) {
                case NEXT: {
                    if (opRef != null) { // the syscall returns: its file reference goes, maybe the last one
                        Inode i = opRef;
                        opRef = null;
                        iput(i);
                        if (phase == Phase.EVICT) {
                            continue;
                        }
                    }
                    if (!haveRecord) {
                        if (queue.isEmpty()) {
                            if (pump.eof()) {
                                if (syncBiosInFlight > 0) {
                                    sleepOn(ioWait, null); // a process's direct I/O ends before it does (io_destroy())
                                    return;
                                }
                                exit();
                                replay.streamDone(this);
                                return;
                            }
                            pump.poke(this);
                            sleepOn(recordWait, null);
                            return;
                        }
                        boolean wasFull = queue.isFull();
                        queue.poll(rec);
                        haveRecord = true;
                        if (wasFull) {
                            pump.poke(this);
                        }
                    }
                    if (!closedLoop) {
                        traceClockNs = Math.max(traceClockNs, rec.timeNs);
                        long issue = traceClockNs + lagNs;
                        if (issue > nowNs) {
                            pacing = true;
                            sleepFor(issue - nowNs, null);
                            return;
                        }
                        pacing = false;
                        lagNs = nowNs - traceClockNs; // a stalled stream shifts its later records
                    }
                    haveRecord = false;
                    records++;
                    begin(rec);
                    if (state() != State.RUNNABLE) {
                        return; // a direct bio found the request pool full: go on when woken
                    }
                    continue;
                }
                case PAGES:
                    if (!pages.step()) {
                        return;
                    }
                    phase = Phase.NEXT;
                    continue;
                case FSYNC:
                    if (!fsync.step()) {
                        return;
                    }
                    if (commit != null) {
                        commit.start(inode);
                        phase = Phase.JOURNAL;
                        continue;
                    }
                    phase = Phase.FLUSH; // then blkdev_issue_flush()
                    continue;
                case JOURNAL:
                    if (!commit.step()) {
                        return;
                    }
                    phase = commit.needsFlush() ? Phase.FLUSH : Phase.NEXT; // the commit block flushed
                    continue;
                case FLUSH: {
                    phase = Phase.SYNC_BIO_WAIT;
                    Bio b = new Bio();
                    b.op = Operation.FLUSH;
                    b.flags = IoRecord.PREFLUSH | IoRecord.SYNC;
                    b.origin = IoOrigin.WRITER;
                    b.submitter = this;
                    b.endIo = this;
                    syncBiosInFlight++;
                    if (!k.submitBio(this, b)) {
                        return;
                    }
                    continue;
                }
                case DIRECT: {
                    do {
                        Bio b = directIo.nextBio(k.queue.maxSectors(), this, this);
                        syncBiosInFlight++;
                        if (directIo.done()) {
                            phase = closedLoop ? Phase.SYNC_BIO_WAIT : Phase.NEXT;
                        }
                        if (!k.submitBio(this, b)) {
                            return; // the pool is full: the rest goes when a request frees
                        }
                    } while (!directIo.done());
                    continue;
                }
                case SYNC_BIO_WAIT:
                    if (syncBiosInFlight > 0) {
                        sleepOn(ioWait, StallCause.SYNC_IO);
                        return;
                    }
                    phase = Phase.NEXT;
                    continue;
                case TRUNCATE:
                    if (!truncate.step()) {
                        return;
                    }
                    phase = Phase.NEXT;
                    continue;
                case EVICT:
                    if (!truncate.step()) {
                        return;
                    }
                    k.cache.evictDone(inode);
                    phase = Phase.NEXT;
                    continue;
                default:
                    throw new IllegalStateException(phase.toString());
            }
        }
    }

    /** Starts acting on {@code r}. */
    private void begin(IoRecord r) {
        if (!r.isFileLevel()) {
            beginSector(r);
            return;
        }
        switch (r.op) {
            case OPEN:
                inode = files.openFile(r.file);
                k.cache.iget(inode);
                phase = Phase.NEXT;
                return;
            case CLOSE:
                inode = files.existingFile(r.file);
                phase = Phase.NEXT;
                if (inode != null && inode.count() > 0) {
                    iput(inode);
                }
                return;
            case UNLINK:
                inode = files.existingFile(r.file);
                phase = Phase.NEXT;
                if (inode != null && !inode.unlinked()) {
                    k.cache.unlink(inode);
                    iput(inode); // the name's reference
                }
                return;
            case TRUNCATE:
                inode = fileRef(r.file);
                inode.size = r.offset;
                truncate.start(inode, r.offset);
                phase = Phase.TRUNCATE;
                return;
            case FSYNC:
            case FLUSH:
                inode = fileRef(r.file);
                fsync.start(inode);
                phase = Phase.FSYNC;
                return;
            case WRITE:
                inode = fileRef(r.file);
                inode.size = Math.max(inode.size, r.offset + r.bytes);
                startPages(r.offset, r.bytes, k.config.fsDelallocAscending ? btrfsWrite : write);
                return;
            case READ:
                inode = fileRef(r.file);
                startPages(r.offset, r.bytes, read);
                return;
            default: // DISCARD on a file: nothing cached changes
                phase = Phase.NEXT;
        }
    }

    /** fdget(): the file's inode, referenced until the operation ends, so a concurrent final close cannot evict it. */
    private Inode fileRef(int file) {
        Inode i = files.file(file);
        k.cache.iget(i);
        opRef = i;
        return i;
    }

    private void beginSector(IoRecord r) {
        if (direct) {
            if (!r.op.hasData() && r.op != Operation.FLUSH) {
                phase = Phase.NEXT;
                return;
            }
            if (!directIo.start(r)) {
                phase = Phase.NEXT; // nothing to move
                return;
            }
            phase = Phase.DIRECT;
            return;
        }
        inode = files.bdev(r.device);
        switch (r.op) {
            case WRITE:
                startPages(r.sector * 512, r.bytes, write);
                return;
            case READ:
                startPages(r.sector * 512, r.bytes, read);
                return;
            case FLUSH:
                phase = Phase.FLUSH;
                return;
            default:
                phase = Phase.NEXT;
        }
    }

    /** Starts {@code op} (a read or a write) on the pages of {@code bytes} at {@code offset} of the current inode. */
    private void startPages(long offset, long bytes, FilePageRange op) {
        if (bytes <= 0) {
            phase = Phase.NEXT;
            return;
        }
        allocator.setCurrentBdi(op != read); // a write syscall sets current->backing_dev_info
        op.start(inode, offset >>> Zone.PAGE_SHIFT, (offset + bytes - 1) >>> Zone.PAGE_SHIFT);
        pages = op;
        phase = Phase.PAGES;
    }

    /** iput(); the final one evicts the inode in this task. */
    private void iput(Inode i) {
        if (i.has(Inode.I_FREEING | Inode.I_CLEAR)) {
            return; // a trace closing more than it opened: the inode is already going
        }
        if (k.cache.iputNeedsFinal(i)) {
            if (i.list() != null) {
                i.list().remove(i);
            }
            inode = i;
            truncate.start(i, 0);
            phase = Phase.EVICT;
        }
    }

    /** Completion of this stream's own bios (direct I/O, flushes). */
    @Override
    public void endIo(Bio bio, long nowNs) {
        syncBiosInFlight--;
        k.completed(bio, nowNs);
        if (!ioWait.isEmpty()) {
            ioWait.wakeAll();
        }
    }

    /** True while sleeping until its next record's time (open loop): simulated time passes by the trace's design. */
    boolean pacing() {
        return pacing && state() != State.DONE;
    }
}
