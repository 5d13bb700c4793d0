package io.wbreplay.replay.hazard;

import io.wbreplay.replay.driver.Machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutIo;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.Reclaimer;
import io.wbreplay.replay.vmscan.ScanControl;
import io.wbreplay.replay.vmscan.strategy.WriteAhead;
import io.wbreplay.replay.vmscan.strategy.WriteAround;
import org.junit.jupiter.api.Test;

/**
 * The ABBA of write-around against a filesystem that locks delalloc pages in ascending order (btrfs
 * lock_delalloc_pages()), in a constructed interleaving. Pages 10, 11, 12 of one file are dirty.
 * Reclaim (kswapd) holds page 12, the one it isolated. The filesystem's writeback of page 10 (holding
 * 10) locks 11, then sleeps for 12. Then reclaim pageouts 12: write-around locks 11 downwards and
 * sleeps on the filesystem: a cycle. Write-ahead only trylocks 13 onwards, writes 12, unlocks it, and
 * the filesystem goes on.
 */
class DeadlockTest {
    private final EventLoop loop = new EventLoop();
    private FixedDelayQueue queue;
    private Machine m;
    private Kernel k;
    private Inode inode;
    private final int[] page = new int[16];
    private StepTask fs;
    private StepTask kswapd;

    /** 32 MiB, dirty pages 10, 11 and 12 of one file, and kswapd holding 12 (isolated and trylocked by reclaim). */
    private void dirtyPagesWithKswapdOnTheLast(boolean delallocAscending) {
        queue = new FixedDelayQueue(loop, null, 1_000_000L, 1024);
        m = SmallKernel.machine(loop, queue, 32L << 20, c -> c.fsDelallocAscending = delallocAscending);
        k = m.kernel;
        inode = k.newFileInode();
        for (int i = 10; i <= 12; i++) {
            page[i] = SmallKernel.page(k, inode, i, false, true);
        }
        kswapd = new StepTask(loop, "kswapd0", 1);
        assertThat(k.cache.trylockPage(kswapd, page[12])).isTrue();
    }

    private void build() {
        dirtyPagesWithKswapdOnTheLast(true);
        fs = new StepTask(loop, "btrfs-writeback", 20);
        assertThat(k.cache.trylockPage(fs, page[10])).isTrue(); // write_cache_pages() locked 10
        PageoutIo fsWrite = new PageoutIo(m.pgdat, fs);
        fsWrite.start(inode, IoOrigin.FLUSHER_BACKGROUND);
        fsWrite.add(page[10]);
        fs.step = fsWrite::step;
        fs.start();
        loop.runUntil(0); // fs: locks 11, sleeps for 12
        assertThat(k.hazards.owner(page[11])).isSameAs(fs);
        assertThat(fs.state()).isEqualTo(io.wbreplay.replay.sim.Task.State.WAITING);
    }

    private void reclaim(Pageout pageout) {
        ScanControl sc = new ScanControl().reset(kswapd, true, 32);
        boolean[] started = {false};
        kswapd.step = () -> {
            PageoutResult r = started[0] ? pageout.resume(sc) : pageout.pageout(page[12], sc);
            started[0] = true;
            return r != PageoutResult.SLEEP;
        };
        kswapd.start();
        loop.runUntil(50_000_000L);
    }

    @Test
    void writeAroundDeadlocksAgainstAscendingDelallocLocking() {
        build();
        reclaim(new WriteAround().newPageout(new Reclaimer(m.pgdat, kswapd).context()));
        assertThat(k.hazards.deadlocked()).isTrue();
        assertThat(k.hazards.count(HazardKind.DEADLOCK)).isEqualTo(1);
        Hazard d = k.hazards.deadlock();
        assertThat(d.task()).isEqualTo("kswapd0[1]");
        assertThat(d.timeNs()).isZero();
        assertThat(d.description()).isEqualTo("kswapd0[1] waits for page " + page[11] + " (inode " + inode.ino
                + " index 11) held by btrfs-writeback[20]; btrfs-writeback[20] waits for page " + page[12] + " (inode "
                + inode.ino + " index 12) held by kswapd0[1]");
        // reclaim took index 11 while holding index 12
        assertThat(k.hazards.count(HazardKind.LOCK_ORDER)).isEqualTo(1);
        assertThat(fs.doneAtNs).isEqualTo(-1);
        assertThat(kswapd.doneAtNs).isEqualTo(-1);
        assertThat(queue.dispatched).isEmpty();
    }

    @Test
    void writeAheadDoesNot() {
        build();
        reclaim(new WriteAhead().newPageout(new Reclaimer(m.pgdat, kswapd).context()));
        assertThat(k.hazards.deadlocked()).isFalse();
        assertThat(k.hazards.count(HazardKind.LOCK_ORDER)).isZero();
        assertThat(kswapd.doneAtNs).isZero();
        assertThat(fs.doneAtNs).isZero(); // woken by the unlock of 12, finds it clean and stops its range there
        // reclaim wrote 12 alone; the filesystem wrote 10 and 11 together
        long base = inode.blocks.sector(0);
        assertThat(queue.dispatched).extracting(d -> (d[1] - base) / 8 + "+" + d[2] / 4096).containsExactly("12+1", "10+2");
        assertThat(k.dirtyPages()).isZero();
        for (int i = 10; i <= 12; i++) {
            assertThat(k.pages.test(page[i], Pages.PG_locked)).isFalse();
        }
    }

    /**
     * The same ABBA with the flusher's own walk: write_cache_pages() under the ascending-delalloc
     * filesystem locks 10 (the first dirty page), then, holding it, its delalloc range 11, 12 in
     * ascending order; 12 is held by reclaim, so it sleeps holding 10 and 11. Write-around then locks 11
     * downwards from 12: each waits for the other. Without the delalloc locking the walk holds one page
     * at a time and there is no cycle.
     */
    @Test
    void writeAroundDeadlocksAgainstTheFlushersDelallocWalk() {
        assertThat(flusherWalkThenWriteAround(true).deadlocked()).isTrue();
        assertThat(k.hazards.deadlock().description()).isEqualTo("kswapd0[1] waits for page " + page[11] + " (inode "
                + inode.ino + " index 11) held by flusher[20]; flusher[20] waits for page " + page[12] + " (inode "
                + inode.ino + " index 12) held by kswapd0[1]");
        assertThat(queue.dispatched).isEmpty();

        HazardChecker ext3 = flusherWalkThenWriteAround(false);
        assertThat(ext3.deadlocked()).isFalse();
        assertThat(ext3.count(HazardKind.DEADLOCK)).isZero();
        assertThat(k.dirtyPages()).isZero(); // the walk wrote 10 and 11, reclaim 12 (after 11, which the walk had cleaned)
    }

    private HazardChecker flusherWalkThenWriteAround(boolean delalloc) {
        dirtyPagesWithKswapdOnTheLast(delalloc);
        fs = new StepTask(loop, "flusher", 20);
        io.wbreplay.replay.writeback.WritebackControl wbc = new io.wbreplay.replay.writeback.WritebackControl();
        wbc.nrToWrite = 1024;
        wbc.rangeCyclic = true;
        wbc.origin = IoOrigin.FLUSHER_BACKGROUND;
        io.wbreplay.replay.writeback.WriteCachePages walk = new io.wbreplay.replay.writeback.WriteCachePages(k, fs);
        walk.start(inode, wbc);
        fs.step = walk::step;
        fs.start();
        loop.runUntil(0);
        if (delalloc) {
            assertThat(k.hazards.owner(page[10])).isSameAs(fs);
            assertThat(k.hazards.owner(page[11])).isSameAs(fs);
        }
        reclaim(new WriteAround().newPageout(new Reclaimer(m.pgdat, kswapd).context()));
        return k.hazards;
    }
}
