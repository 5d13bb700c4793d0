package io.wbreplay.replay.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Jbd2ReservedCredits;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.EventLoop;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class Jbd2ReservedCreditsTest {
    private static final long MS = 1_000_000L;
    private static final int PAGES = 100_000;

    /**
     * Half of jbd2_max_user_trans_buffers(), worked by hand: a 64 MiB journal is 16384 blocks; on 6.x
     * j_max_transaction_buffers = 16384 / 3 = 5461 (what /proc/fs/jbd2/loop0-8/info printed on 6.18),
     * less 1 + ceil(5461 / 253) = 23 descriptor and commit blocks = 5438, half 2719; until 6.10 a
     * quarter, 4096, with no overhead: half 2048.
     */
    @Test
    void atMostHalfOfATransactionMayBeReserved() {
        assertThat(new Jbd2ReservedCredits(64L << 20, KernelEra.V6_X).limit()).isEqualTo(2719);
        assertThat(new Jbd2ReservedCredits(64L << 20, KernelEra.V5_16).limit()).isEqualTo(2048);
        // 16 MiB: 4096 / 3 = 1365, less 1 + ceil(1365 / 253) = 7, half of 1358
        assertThat(new Jbd2ReservedCredits(16L << 20, KernelEra.V6_X).limit()).isEqualTo(679);
    }

    /**
     * The ext4 loop device on 6.18 with `mkfs.ext4 -J size=16` held writeback at 235-238 MB while its
     * writepages extents averaged 1583 pages (ext4_da_write_pages_extent): 679 / 18 = 37 reservations
     * of 18 credits, 37 x 1583 pages = 229 MiB. Here the extents are whole: 37 x 2048 pages.
     */
    @Test
    void writebackInFlightStopsAtTheExtentsTheJournalCanReserve() {
        assertThat(inFlight(c -> c.journalBytes = 16L << 20)).isEqualTo(37L * 2048);
        // a 4 MiB journal: 1024 / 3 = 341, less 1 + ceil(341 / 253) = 3, half of 338 = 169: 9 x 18
        assertThat(inFlight(c -> c.journalBytes = 4L << 20)).isEqualTo(9L * 2048);
    }

    @Test
    void withoutReservationsEveryDirtyPageGoesToTheDevice() {
        assertThat(inFlight(c -> c.journalBytes = 0)).isEqualTo(PAGES);
        assertThat(inFlight(c -> {
            c.journalBytes = 4L << 20;
            c.kernel = KernelEra.V4_11; // dioread_nolock became the default in 5.6
        })).isEqualTo(PAGES);
    }

    @Test
    void completedExtentsGiveTheirCreditsBack() {
        EventLoop loop = new EventLoop();
        Kernel k = SmallKernel.build(loop, new FixedDelayQueue(loop, null, 1000 * MS, 1024), 1L << 30, c -> c.journalBytes = 4L << 20);
        StepTask t = writeAll(loop, k);
        loop.runUntil(MS);
        assertThat(k.journal.reserved()).isEqualTo(9 * 18);
        loop.runUntil(1500 * MS); // the first nine extents completed at 1 s: nine more went out
        assertThat(k.vmstat.get(VmItem.NR_WRITTEN)).isEqualTo(9L * 2048);
        assertThat(k.vmstat.get(VmItem.NR_WRITEBACK)).isEqualTo(9L * 2048);
        loop.runUntil(10_000 * MS);
        assertThat(t.doneAtNs).isPositive();
        assertThat(k.vmstat.get(VmItem.NR_WRITTEN)).isEqualTo(PAGES);
        assertThat(k.journal.reserved()).isZero();
    }

    /**
     * ext4_do_writepages() first writes the pages whose blocks are mapped already (no delayed or
     * unwritten buffer: an overwrite) without starting a handle, and mpage_map_one_extent() hands the
     * reserved handle to the io_end only for an unwritten extent: overwrites hold no credits while
     * under writeback. A 4 MiB journal reserves 9 extents (above). Written once and completed, the
     * first half of the file dirtied again goes out whole, 50,000 pages with nothing reserved; with the
     * second half (never written) dirtied too, 50,000 + 9 x 2048 (the second writepages walks the whole
     * file from its start, as fsync's does, so that where the first left writeback_index does not matter).
     */
    @Test
    void overwritesHoldNoReservation() {
        assertThat(secondWriteback(PAGES / 2)).containsExactly(PAGES / 2L, 0L);
        assertThat(secondWriteback(PAGES)).containsExactly(PAGES / 2L + 9L * 2048, 9L * 18);
    }

    /** Pages [0, PAGES / 2) written back and completed, then [0, dirty) dirtied again: {in flight, credits reserved} 1 ms into the second writepages. */
    private static long[] secondWriteback(long dirty) {
        EventLoop loop = new EventLoop();
        Kernel k = SmallKernel.build(loop, new FixedDelayQueue(loop, null, 1000 * MS, 1024), 1L << 30, c -> c.journalBytes = 4L << 20);
        Inode inode = k.newFileInode();
        writeBack(loop, k, inode, PAGES / 2, true);
        loop.runUntil(10_000 * MS);
        assertThat(k.vmstat.get(VmItem.NR_WRITTEN)).isEqualTo(PAGES / 2L);
        writeBack(loop, k, inode, dirty, false);
        loop.runUntil(loop.now() + MS);
        return new long[] {k.vmstat.get(VmItem.NR_WRITEBACK), k.journal.reserved()};
    }

    private static long inFlight(Consumer<CoreConfig> tweak) {
        EventLoop loop = new EventLoop();
        Kernel k = SmallKernel.build(loop, new FixedDelayQueue(loop, null, 1000 * MS, 1024), 1L << 30, tweak);
        writeAll(loop, k);
        loop.runUntil(MS);
        return k.vmstat.get(VmItem.NR_WRITEBACK);
    }

    /** One writepages of PAGES contiguous dirty pages, nr_to_write unbounded, in a task of its own. */
    private static StepTask writeAll(EventLoop loop, Kernel k) {
        return writeBack(loop, k, k.newFileInode(), PAGES, true);
    }

    /**
     * Pages [0, pages) of {@code inode} dirtied (those in the cache again), then one writepages of them
     * in a task of its own: from writeback_index if {@code cyclic}, else over the whole file from its start.
     */
    private static StepTask writeBack(EventLoop loop, Kernel k, Inode inode, long pages, boolean cyclic) {
        for (long i = 0; i < pages; i++) {
            int cached = inode.mapping.find(i);
            if (cached >= 0) {
                k.cache.setPageDirty(cached, loop.now());
            } else {
                SmallKernel.dirtyPage(k, inode, i);
            }
        }
        StepTask t = new StepTask(loop, "kworker-flush", 9);
        WriteCachePages w = new WriteCachePages(k, t);
        WritebackControl wbc = new WritebackControl();
        wbc.syncMode = SyncMode.WB_SYNC_NONE;
        wbc.nrToWrite = Long.MAX_VALUE;
        wbc.rangeCyclic = cyclic;
        w.start(inode, wbc);
        t.step = w::step;
        t.start();
        return t;
    }
}
