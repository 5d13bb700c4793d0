package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.block.DispatchListener;
import io.wbreplay.replay.block.Elevators;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.block.Request;
import io.wbreplay.replay.block.RequestQueue;
import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.fs.Jbd2Journal;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.sim.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fsync of small files on a 2 GiB ext4, as the small-files recording shows each one after the first:
 * the data, then one 16 KiB journal write (a descriptor and three metadata blocks), then the 4 KiB
 * commit block with a flush. The three metadata blocks, by reading fs/ext4/mballoc.c and inode.c:
 * ext4_mb_mark_diskspace_used() dirties the group's block bitmap and its group descriptor block, and
 * the extent's insertion ext4_mark_inode_dirty(), the inode's inode-table block. The journal of a
 * 2 GiB file system starts at block 262,144 (sector 2,097,152, Ext2fsMkjournalTest); its block 0 is
 * the journal superblock, written once on the first commit (the recording's first jbd2 write, sector
 * 2,097,152), and the log begins at block 1 (sector 2,097,160).
 */
class Ext4FsyncCommitTest {
    private final EventLoop loop = new EventLoop();
    private final List<long[]> writes = new ArrayList<>(); // {sector, sectors, preflush, fua}

    private Kernel kernel() {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 64L << 20;
        c.fsSizeBytes = 2L << 30;
        RequestQueue q = new RequestQueue(loop, new DeviceQueue(Devices.create("ssd")), Elevators.create("noop"), QueueConfig.DEFAULT);
        q.addListener(new DispatchListener() {
            @Override
            public void onDispatch(long nowNs, Request rq) {
                if (rq.isWrite() && rq.sectors() > 0) {
                    writes.add(new long[] {rq.sector(), rq.sectors(), rq.hasPreflush() ? 1 : 0, rq.isFua() ? 1 : 0});
                }
            }
        });
        return new Kernel(c, loop, q);
    }

    private boolean fsync(Kernel k, Ext4FsyncCommit commit, StepTask t, Inode inode) {
        commit.start(inode);
        t.step = commit::step;
        t.start();
        loop.runUntil(loop.now() + 1_000_000_000L);
        assertThat(t.doneAtNs).as("the fsync ended").isGreaterThanOrEqualTo(0);
        return commit.needsFlush();
    }

    @Test
    void eachFsyncOfANewlyAllocatedFileCommitsDescriptorThreeBlocksAndACommitBlock() {
        Kernel k = kernel();
        assertThat(k.jbd2).isNotNull();
        Inode a = k.newFileInode();
        Inode b = k.newFileInode();
        k.jbd2.dataAllocated(a, 266_240); // group 1 (blocks 32,768-65,535), as the recording's first file
        assertThat(k.jbd2.runningBuffers()).isEqualTo(3);

        StepTask t1 = new StepTask(loop, "fio", 1);
        boolean flush = fsync(k, new Ext4FsyncCommit(k, k.jbd2, t1), t1, a);
        assertThat(flush).isFalse(); // the commit block carried the flush
        assertThat(writes).containsExactly(
                new long[] {2_097_152, 8, 0, 0},   // journal superblock
                new long[] {2_097_160, 32, 0, 0},  // descriptor + 3 metadata blocks, merged under the plug
                new long[] {2_097_192, 8, 1, 1});  // commit block, PREFLUSH | FUA

        writes.clear();
        k.jbd2.dataAllocated(b, 266_272); // the next small file, same group
        StepTask t2 = new StepTask(loop, "fio", 1);
        fsync(k, new Ext4FsyncCommit(k, k.jbd2, t2), t2, b);
        assertThat(writes).containsExactly(new long[] {2_097_200, 32, 0, 0}, new long[] {2_097_232, 8, 1, 1});

        writes.clear();
        StepTask t3 = new StepTask(loop, "fio", 1);
        flush = fsync(k, new Ext4FsyncCommit(k, k.jbd2, t3), t3, a); // nothing of a's changed since
        assertThat(writes).isEmpty();
        assertThat(flush).isTrue(); // ext4_sync_file()'s needs_barrier: blkdev_issue_flush()
    }

    /** Descriptor blocks: 255 tags each ((4096 - 12 - 4) / 16), so 255 buffers need one and 256 two. */
    @Test
    void logBlocksCountTheDescriptors() {
        assertThat(Jbd2Journal.logBlocks(3)).isEqualTo(4);
        assertThat(Jbd2Journal.logBlocks(255)).isEqualTo(256);
        assertThat(Jbd2Journal.logBlocks(256)).isEqualTo(258);
    }
}
