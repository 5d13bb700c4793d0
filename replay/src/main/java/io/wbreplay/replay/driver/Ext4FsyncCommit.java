package io.wbreplay.replay.driver;

import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;
import io.wbreplay.replay.fs.Jbd2Journal;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.replay.sim.WaitQueue;
import io.wbreplay.traces.IoRecord;

/**
 * fs/ext4/fsync.c ext4_sync_file() once the data is written: ext4_fsync_journal() asks jbd2 to commit
 * the transaction of the inode's i_sync_tid (jbd2_complete_transaction()) and waits for it. If that
 * transaction is still running, it is committed as fs/jbd2/commit.c jbd2_journal_commit_transaction()
 * does: the first commit after the journal was loaded writes the journal superblock; the descriptor
 * and metadata blocks go to the log one buffer at a time under a plug (the block layer merges them) and
 * are waited for; then the commit block is written with REQ_PREFLUSH | REQ_FUA
 * (journal_submit_commit_record(), the journal mounted with barriers) and waited for. The commit
 * block's flush stands for ext4_sync_file()'s own: {@link #needsFlush()} is false. If the transaction
 * had already committed, nothing is written and blkdev_issue_flush() is still due (needs_barrier).
 * The model commits in the fsync caller's context, where the kernel's jbd2 thread does while the caller
 * waits. Resumable.
 */
public final class Ext4FsyncCommit implements BioEndIo {
    private enum Phase { CHECK, SUPERBLOCK, LOG, LOG_WAIT, COMMIT_RECORD, COMMIT_WAIT, DONE }

    private final Kernel k;
    private final Jbd2Journal journal;
    private final Task task;
    private final WaitQueue ioWait = new WaitQueue("jbd2-commit-io");
    private Inode inode;
    private Phase phase;
    private int inFlight;
    private int logLeft;
    private boolean needsFlush;

    public Ext4FsyncCommit(Kernel k, Jbd2Journal journal, Task task) {
        this.k = k;
        this.journal = journal;
        this.task = task;
    }

    public void start(Inode inode) {
        this.inode = inode;
        this.phase = Phase.CHECK;
        this.needsFlush = false;
    }

    /** After {@link #step()} returned true: whether ext4_sync_file() still issues the cache flush. */
    public boolean needsFlush() {
        return needsFlush;
    }

    /** False when the task sleeps (call again when it runs); true when the inode's transaction is committed. */
    public boolean step() {
        while (true) {
            switch (phase) {
                case CHECK: {
                    long tid = inode.syncTid;
                    if (tid <= journal.commitSequence()) {
                        needsFlush = true; // committed already: no commit block carries the flush
                        phase = Phase.DONE;
                        continue;
                    }
                    if (journal.committingTid() != 0) { // jbd2 commits one transaction at a time
                        task.sleepOn(journal.doneCommit(), StallCause.SYNC_IO);
                        return false;
                    }
                    logLeft = Jbd2Journal.logBlocks(journal.startCommit());
                    phase = journal.takeSuperblockWrite() ? Phase.SUPERBLOCK : Phase.LOG;
                    if (phase == Phase.SUPERBLOCK) {
                        if (!submit(journal.superblockSector(), IoRecord.SYNC | IoRecord.META)) {
                            return false;
                        }
                    }
                    continue;
                }
                case SUPERBLOCK:
                    if (!ioDone()) {
                        return false;
                    }
                    phase = Phase.LOG;
                    continue;
                case LOG: {
                    k.queue.startPlug(task);
                    while (logLeft > 0) {
                        logLeft--;
                        if (!submit(journal.nextLogBlock(), IoRecord.SYNC | IoRecord.META)) {
                            k.queue.finishPlug(task);
                            return false; // the request pool is full: the rest when woken
                        }
                    }
                    k.queue.finishPlug(task);
                    phase = Phase.LOG_WAIT;
                    continue;
                }
                case LOG_WAIT:
                    if (!ioDone()) {
                        return false;
                    }
                    phase = Phase.COMMIT_RECORD;
                    continue;
                case COMMIT_RECORD:
                    phase = Phase.COMMIT_WAIT;
                    if (!submit(journal.nextLogBlock(), IoRecord.SYNC | IoRecord.META | IoRecord.PREFLUSH | IoRecord.FUA)) {
                        return false;
                    }
                    continue;
                case COMMIT_WAIT:
                    if (!ioDone()) {
                        return false;
                    }
                    journal.endCommit();
                    phase = Phase.DONE;
                    continue;
                case DONE:
                    return true;
                default:
                    throw new IllegalStateException(phase.toString());
            }
        }
    }

    /** True when every journal write submitted so far has completed; else the task sleeps until one does. */
    private boolean ioDone() {
        if (inFlight > 0) {
            task.sleepOn(ioWait, StallCause.SYNC_IO);
            return false;
        }
        return true;
    }

    /** One journal block write; false when the task sleeps for a request (the bio goes when one frees). */
    private boolean submit(long sector, int flags) {
        Bio b = new Bio();
        b.sector = sector;
        b.bytes = Zone.PAGE_SIZE;
        b.flags = flags;
        b.origin = IoOrigin.WRITER;
        b.submitter = task;
        b.endIo = this;
        inFlight++;
        return k.submitBio(task, b);
    }

    @Override
    public void endIo(Bio bio, long nowNs) {
        inFlight--;
        k.completed(bio, nowNs);
        if (!ioWait.isEmpty()) {
            ioWait.wakeAll();
        }
    }
}
