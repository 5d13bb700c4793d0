package io.wbreplay.replay.driver;

import io.wbreplay.replay.DirtyThrottle;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.mm.RadixTree;
import io.wbreplay.replay.mm.TruncateInodePages;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.metrics.RunMetrics;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;
import io.wbreplay.replay.vmscan.PageAllocator;
import io.wbreplay.replay.writeback.SyncMode;
import io.wbreplay.replay.writeback.WriteCachePages;
import io.wbreplay.replay.writeback.WritebackControl;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.util.Arrays;

/**
 * One trace stream (a pid) replayed as a process: buffered writes (generic_perform_write(): allocate
 * or lock each page, dirty it, balance_dirty_pages_ratelimited(); on a btrfs-like filesystem the pages of
 * a chunk are locked together first, see {@link #btrfsBufferedWrite}), reads (hits are free; misses read
 * synchronously, do_generic_file_read()), fsync (filemap_write_and_wait_range() + a cache FLUSH),
 * truncate, open/close/unlink (i_count, iput_final() evicting the inode), and for sector-level traces
 * either buffered I/O on the block-device inode or direct bios. Resumable at every blocking point.
 */
final class StreamTask extends Task implements BioEndIo {
    private enum Phase { NEXT, WRITE, PREPARE_WRITE, READ, READ_WAIT, FSYNC_WRITE, FSYNC_WAIT, FLUSH, DIRECT, SYNC_BIO_WAIT, TRUNCATE, EVICT }

    /** btrfs: at most PAGE_SIZE / sizeof(struct page *) pages are prepared (locked) at once. */
    private static final int MAX_PREPARE_PAGES = Zone.PAGE_SIZE / 8;

    final StreamQueue queue;
    private final Kernel k;
    private final Replayer replay;
    private final RunMetrics metrics;
    private final TracePump pump;
    private final PageAllocator allocator;
    final DirtyThrottle throttle;
    private final WriteCachePages fsyncWriter;
    private final WritebackControl fsyncWbc = new WritebackControl();
    private final TruncateInodePages truncate;
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
    private long idx;
    private long last;
    private int allocated = Pages.NIL;
    /** btrfs prepare_pages(): the pages of the current chunk locked so far, ascending from {@code idx}. */
    private int[] prepared = new int[16];
    private int nPrepared;
    private long chunkEnd;
    private boolean throttlePending;
    private Bio readBio;
    private int waitPage = Pages.NIL;
    private int syncBiosInFlight;
    /** The rest of a direct I/O record still to be sent as bios. */
    private Operation directOp;
    private int directFlags;
    private long directSector;
    private long directBytesLeft;
    private long records;

    StreamTask(Kernel k, Replayer replay, RunMetrics metrics, TracePump pump, int pid, ReplayOptions options) {
        super(k.loop, "stream-" + pid, pid);
        this.k = k;
        this.replay = replay;
        this.metrics = metrics;
        this.pump = pump;
        this.queue = new StreamQueue(options.lookahead);
        this.allocator = new PageAllocator(k, this);
        this.allocator.setStallSink((cause, start, end) -> metrics.stall(cause, end - start));
        this.throttle = new DirtyThrottle(k, this);
        this.fsyncWriter = new WriteCachePages(k, this);
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
                case WRITE:
                    if (!writePages()) {
                        return;
                    }
                    phase = Phase.NEXT;
                    continue;
                case PREPARE_WRITE:
                    if (!btrfsBufferedWrite()) {
                        return;
                    }
                    phase = Phase.NEXT;
                    continue;
                case READ:
                case READ_WAIT:
                    if (!readPages()) {
                        return;
                    }
                    phase = Phase.NEXT;
                    continue;
                case FSYNC_WRITE:
                    if (!fsyncWriter.step()) {
                        return;
                    }
                    k.accountWritten(IoOrigin.WRITER, fsyncWriter.written());
                    idx = 0;
                    phase = Phase.FSYNC_WAIT;
                    continue;
                case FSYNC_WAIT: { // filemap_fdatawait()
                    RadixTree t = inode.mapping.pages;
                    long i = t.nextTagged(idx, RadixTree.TAG_WRITEBACK);
                    if (i >= 0) {
                        idx = i;
                        sleepOn(k.cache.waits.queue(t.lookup(i)), StallCause.SYNC_IO);
                        return;
                    }
                    phase = Phase.FLUSH;
                    continue;
                }
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
                case DIRECT: { // the direct I/O code builds bios of at most max_sectors (dio_bio_submit())
                    long maxBytes = (long) k.queue.maxSectors() << 9;
                    do {
                        Bio b = new Bio();
                        b.op = directOp;
                        b.sector = directSector;
                        b.bytes = (int) Math.min(directBytesLeft, maxBytes);
                        b.flags = directFlags;
                        b.origin = directOp == Operation.READ ? IoOrigin.READ : IoOrigin.WRITER;
                        b.submitter = this;
                        b.endIo = this;
                        directSector += b.bytes >>> 9;
                        directBytesLeft -= b.bytes;
                        syncBiosInFlight++;
                        if (directBytesLeft == 0) {
                            phase = closedLoop ? Phase.SYNC_BIO_WAIT : Phase.NEXT;
                        }
                        if (!k.submitBio(this, b)) {
                            return; // the pool is full: the rest goes when a request frees
                        }
                    } while (directBytesLeft > 0);
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
                inode = replay.openFile(r.file);
                k.cache.iget(inode);
                phase = Phase.NEXT;
                return;
            case CLOSE:
                inode = replay.existingFile(r.file);
                phase = Phase.NEXT;
                if (inode != null && inode.count() > 0) {
                    iput(inode);
                }
                return;
            case UNLINK:
                inode = replay.existingFile(r.file);
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
                startFsync();
                return;
            case WRITE:
                inode = fileRef(r.file);
                inode.size = Math.max(inode.size, r.offset + r.bytes);
                startPages(r.offset, r.bytes, k.config.fsDelallocAscending ? Phase.PREPARE_WRITE : Phase.WRITE);
                return;
            case READ:
                inode = fileRef(r.file);
                startPages(r.offset, r.bytes, Phase.READ);
                return;
            default: // DISCARD on a file: nothing cached changes
                phase = Phase.NEXT;
        }
    }

    /** fdget(): the file's inode, referenced until the operation ends, so a concurrent final close cannot evict it. */
    private Inode fileRef(int file) {
        Inode i = replay.file(file);
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
            directOp = r.op;
            directFlags = r.flags;
            directSector = r.sector;
            directBytesLeft = (r.bytes + 511) & ~511L; // the block layer moves whole sectors
            if (r.op != Operation.FLUSH && directBytesLeft == 0) {
                if (!r.has(IoRecord.PREFLUSH)) {
                    phase = Phase.NEXT; // nothing to move
                    return;
                }
                // an empty write with PREFLUSH (blktrace's "FWS 0 + 0", fsync's cache flush) is a flush
                directOp = Operation.FLUSH;
                directFlags = r.flags & ~IoRecord.PREFLUSH;
            }
            phase = Phase.DIRECT;
            return;
        }
        inode = replay.bdev(r.device);
        switch (r.op) {
            case WRITE:
                startPages(r.sector * 512, r.bytes, Phase.WRITE);
                return;
            case READ:
                startPages(r.sector * 512, r.bytes, Phase.READ);
                return;
            case FLUSH:
                phase = Phase.FLUSH;
                return;
            default:
                phase = Phase.NEXT;
        }
    }

    private void startPages(long offset, long bytes, Phase p) {
        if (bytes <= 0) {
            phase = Phase.NEXT;
            return;
        }
        idx = offset >>> Zone.PAGE_SHIFT;
        last = (offset + bytes - 1) >>> Zone.PAGE_SHIFT;
        allocator.setCurrentBdi(p != Phase.READ); // a write syscall sets current->backing_dev_info
        phase = p;
    }

    private void startFsync() {
        fsyncWbc.reset();
        fsyncWbc.syncMode = SyncMode.WB_SYNC_ALL;
        fsyncWbc.nrToWrite = Long.MAX_VALUE;
        fsyncWbc.origin = IoOrigin.WRITER;
        fsyncWriter.start(inode, fsyncWbc);
        phase = Phase.FSYNC_WRITE;
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

    /** {@link #grabCachePageWriteBegin} found the page changed under it (added or truncated meanwhile): look again. */
    private static final int RETRY = -2;

    /**
     * grab_cache_page_write_begin(): the page at {@code index} of the file, locked, found or allocated
     * (GFP_NOFS if {@code noFs}) and added; {@link #RETRY} if it changed while the task slept;
     * {@link Pages#NIL} if the task now sleeps (call again when it runs).
     */
    private int grabCachePageWriteBegin(long index, boolean noFs) {
        int page = inode.mapping.find(index);
        if (page >= 0) {
            if (!k.cache.lockPage(this, page)) {
                return Pages.NIL;
            }
            if (k.pages.mapping(page) != inode.ino) { // truncated while we waited
                k.cache.unlockPage(page);
                return RETRY;
            }
            return page;
        }
        if (allocated == Pages.NIL) {
            allocator.setNoFs(noFs);
            allocated = allocator.alloc();
            allocator.setNoFs(false);
            if (allocated == Pages.NIL) {
                return Pages.NIL;
            }
            if (inode.mapping.find(index) >= 0) { // someone added it while we reclaimed
                k.cache.putPage(allocated);
                allocated = Pages.NIL;
                return RETRY;
            }
        }
        page = allocated;
        allocated = Pages.NIL;
        k.cache.addToPageCacheLru(page, inode, index);
        k.hazards.locked(this, page); // add_to_page_cache_lru() locked it for this task
        k.pages.set(page, Pages.PG_uptodate);
        return page;
    }

    /** generic_perform_write(): one page at a time; false when the task sleeps. */
    private boolean writePages() {
        while (idx <= last) {
            if (throttlePending) {
                if (!throttle.step()) {
                    return false;
                }
                throttlePending = false;
            }
            int page = grabCachePageWriteBegin(idx, false);
            if (page == RETRY) {
                continue;
            }
            if (page == Pages.NIL) {
                return false;
            }
            if (k.config.kernel.writeMarksAccessed) { // generic_perform_write(), until 4.7
                k.cache.markPageAccessed(page);
            }
            if (k.cache.setPageDirty(page, k.loop.now())) {
                throttle.dirtied();
            }
            k.cache.unlockPage(page);
            idx++;
            if (throttle.due()) {
                throttlePending = true;
            }
        }
        if (throttlePending) {
            if (!throttle.step()) {
                return false;
            }
            throttlePending = false;
        }
        return true;
    }

    /**
     * btrfs __btrfs_buffered_write(), in chunks of up to {@link #MAX_PREPARE_PAGES}: prepare_pages()
     * finds or allocates each page of the chunk and locks it, ascending, holding the earlier ones locked
     * (find_or_create_page() with GFP_NOFS: an allocation may enter direct reclaim with them held, but
     * that reclaim writes no dirty page, which would re-enter the filesystem); then the data is
     * copied and btrfs_dirty_pages() dirties them all, they are unlocked together, and
     * balance_dirty_pages_ratelimited() runs. Simplification: prepare_pages()' wait_on_page_writeback()
     * is left out. False when the task sleeps (with the chunk so far still locked).
     */
    private boolean btrfsBufferedWrite() {
        while (true) {
            if (throttlePending) {
                if (!throttle.step()) {
                    return false;
                }
                throttlePending = false;
            }
            if (nPrepared == 0) {
                if (idx > last) {
                    return true;
                }
                chunkEnd = Math.min(last, idx + MAX_PREPARE_PAGES - 1);
            }
            while (idx + nPrepared <= chunkEnd) {
                // btrfs_alloc_write_mask(): GFP_NOFS, so direct reclaim runs with prepared[] locked but may not write
                int page = grabCachePageWriteBegin(idx + nPrepared, true);
                if (page == RETRY) {
                    continue;
                }
                if (page == Pages.NIL) {
                    return false;
                }
                if (nPrepared == prepared.length) {
                    prepared = Arrays.copyOf(prepared, nPrepared * 2);
                }
                prepared[nPrepared++] = page;
            }
            long now = k.loop.now();
            for (int i = 0; i < nPrepared; i++) {
                int page = prepared[i];
                if (k.config.kernel.writeMarksAccessed) {
                    k.cache.markPageAccessed(page);
                }
                if (k.cache.setPageDirty(page, now)) {
                    throttle.dirtied();
                }
                k.cache.unlockPage(page);
            }
            idx = chunkEnd + 1;
            nPrepared = 0;
            if (throttle.due()) {
                throttlePending = true;
            }
        }
    }

    /** do_generic_file_read(): hits are free, runs of misses become one synchronous read each. */
    private boolean readPages() {
        while (true) {
            if (phase == Phase.READ_WAIT) {
                if (waitPage != Pages.NIL && k.pages.test(waitPage, Pages.PG_locked) && k.pages.mapping(waitPage) == inode.ino) {
                    sleepOn(k.cache.waits.queue(waitPage), StallCause.SYNC_IO);
                    return false;
                }
                waitPage = Pages.NIL;
                phase = Phase.READ;
            }
            if (readBio != null && (idx > last || inode.mapping.find(idx) >= 0 || readBio.bytes + Zone.PAGE_SIZE > k.queue.maxSectors() * 512L
                    || inode.blocks.sector(idx) != readBio.endSector())) {
                Bio b = readBio;
                readBio = null;
                waitPage = b.page(b.nrPages() - 1);
                phase = Phase.READ_WAIT;
                if (!k.submitBio(this, b)) {
                    return false;
                }
                continue;
            }
            if (idx > last) {
                return true;
            }
            int page = inode.mapping.find(idx);
            if (page >= 0) {
                if (k.pages.test(page, Pages.PG_locked) && !k.pages.test(page, Pages.PG_uptodate)) {
                    waitPage = page;
                    phase = Phase.READ_WAIT;
                    continue;
                }
                k.cache.markPageAccessed(page);
                idx++;
                continue;
            }
            if (allocated == Pages.NIL) {
                allocated = allocator.alloc();
                if (allocated == Pages.NIL) {
                    return false;
                }
                if (inode.mapping.find(idx) >= 0) {
                    k.cache.putPage(allocated);
                    allocated = Pages.NIL;
                    continue;
                }
            }
            page = allocated;
            allocated = Pages.NIL;
            k.cache.addToPageCacheLru(page, inode, idx);
            long sector = inode.blocks.sector(idx);
            if (readBio == null) {
                readBio = k.newReadBio(this, sector);
            }
            readBio.addPage(page);
            readBio.bytes += Zone.PAGE_SIZE;
            idx++;
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
