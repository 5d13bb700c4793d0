package io.wbreplay.replay.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.mm.Inode;
import io.wbreplay.replay.sim.EventLoop;
import org.junit.jupiter.api.Test;

class HazardCheckerTest {
    private final EventLoop loop = new EventLoop();
    private final Kernel k;
    private final HazardChecker h;
    private final StepTask task = new StepTask(loop, "reclaim", 9);

    HazardCheckerTest() {
        k = SmallKernel.build(loop, new FixedDelayQueue(loop, null, 1, 1024), 16L << 20);
        h = k.hazards;
    }

    private int page(Inode inode, long index) {
        return SmallKernel.page(k, inode, index, false, false);
    }

    @Test
    void aMappingIsPinnedByALockedPageOfItOrAReferenceOnly() {
        Inode a = k.newFileInode();
        Inode b = k.newFileInode();
        int a0 = page(a, 0);
        int b0 = page(b, 0);
        k.cache.trylockPage(task, b0);
        h.touchMapping(task, a, "lookup"); // a lock on another mapping's page does not pin this one
        assertThat(h.count(HazardKind.MAPPING_AFTER_UNLOCK)).isEqualTo(1);
        k.cache.trylockPage(task, a0);
        h.touchMapping(task, a, "lookup");
        k.cache.unlockPage(a0);
        assertThat(h.igrab(task, a)).isTrue();
        h.touchMapping(task, a, "lookup");
        assertThat(h.iput(task, a)).isFalse();
        assertThat(h.count(HazardKind.MAPPING_AFTER_UNLOCK)).isEqualTo(1);
        h.touchMapping(task, a, "writeback_index");
        assertThat(h.count(HazardKind.MAPPING_AFTER_UNLOCK)).isEqualTo(2);
        assertThat(h.first(HazardKind.MAPPING_AFTER_UNLOCK).task()).isEqualTo("reclaim[9]");
    }

    @Test
    void touchingAnEvictedInodeIsAUseAfterFree() {
        Inode a = k.newFileInode();
        k.cache.unlink(a);
        assertThat(k.cache.iputNeedsFinal(a)).isTrue();
        k.cache.evictDone(a);
        h.touchMapping(task, a, "writeback_index");
        assertThat(h.count(HazardKind.USE_AFTER_FREE)).isEqualTo(1);
        assertThat(h.count(HazardKind.MAPPING_AFTER_UNLOCK)).isZero();
    }

    /**
     * A btrfs-like writer holds pages 4 and 5 of a file (prepare_pages()) and kswapd sleeps for page 5:
     * no cycle while the writer can go on; once the writer sleeps in an allocation retry (GFP_NOFS, so
     * only kswapd can free memory for it), writer -> memory -> kswapd -> page 5 -> writer is one,
     * dated when the run stopped making progress.
     */
    @Test
    void aLockHolderWaitingForMemoryThatKswapdMustFreeWhileKswapdWaitsForItIsAHungCycle() {
        Inode a = k.newFileInode();
        int p4 = page(a, 4);
        int p5 = page(a, 5);
        StepTask writer = new StepTask(loop, "writer", 7);
        StepTask kswapd = new StepTask(loop, "kswapd0", 1);
        assertThat(k.cache.lockPage(writer, p4)).isTrue();
        assertThat(k.cache.lockPage(writer, p5)).isTrue();
        assertThat(k.cache.lockPage(kswapd, p5)).isFalse();
        assertThat(h.deadlocked()).isFalse(); // the writer is runnable: it will unlock page 5
        assertThat(h.findHungCycle(kswapd, 5)).isFalse();

        writer.sleepFor(100_000_000L, null);
        h.waitingForMemory(writer, true);
        assertThat(h.findHungCycle(kswapd, 5)).isTrue();
        assertThat(h.deadlocked()).isTrue();
        Hazard d = h.first(HazardKind.DEADLOCK);
        assertThat(d.timeNs()).isEqualTo(5);
        assertThat(d.description()).isEqualTo("writer[7] sleeps in an allocation retry holding 2 page lock(s) (inode " + a.ino
                + " index 4..5) and waits for memory that kswapd0[1] must free; kswapd0[1] waits for page " + p5 + " (inode "
                + a.ino + " index 5) held by writer[7]");
    }

    @Test
    void aTaskWaitingForMemoryWhileKswapdWaitsForSomeoneElseIsNoCycle() {
        Inode a = k.newFileInode();
        int p4 = page(a, 4);
        int p5 = page(a, 5);
        StepTask writer = new StepTask(loop, "writer", 7);
        StepTask other = new StepTask(loop, "other", 8);
        StepTask kswapd = new StepTask(loop, "kswapd0", 1);
        assertThat(k.cache.lockPage(writer, p4)).isTrue();
        assertThat(k.cache.lockPage(other, p5)).isTrue();
        assertThat(k.cache.lockPage(kswapd, p5)).isFalse();
        writer.sleepFor(100_000_000L, null);
        h.waitingForMemory(writer, true);
        assertThat(h.findHungCycle(kswapd, 5)).isFalse(); // 'other' holds page 5 and waits for nothing
        h.waitingForMemory(writer, false);
        assertThat(h.deadlocked()).isFalse();
    }

    @Test
    void iputFinalCountsOnlyInsideReclaim() {
        Inode a = k.newFileInode();
        h.iputFinal(task, a);
        assertThat(h.count(HazardKind.IPUT_FINAL_IN_RECLAIM)).isZero();
        h.enterReclaim(task);
        h.iputFinal(task, a);
        h.exitReclaim(task);
        h.iputFinal(task, a);
        assertThat(h.count(HazardKind.IPUT_FINAL_IN_RECLAIM)).isEqualTo(1);
    }

    @Test
    void lockClassInversionIsReportedWhenTheSecondOrderAppears() {
        Inode a = k.newFileInode();
        int a0 = page(a, 0);
        StepTask other = new StepTask(loop, "btree", 4);
        h.acquire(other, LockClass.EXTENT_LOCK); // extent-buffer lock, then a page lock (btrfs btree)
        k.cache.lockPage(other, a0);
        k.cache.unlockPage(a0);
        h.release(other, LockClass.EXTENT_LOCK);
        assertThat(h.count(HazardKind.LOCK_ORDER)).isZero();
        k.cache.lockPage(task, a0); // a page lock, then the extent lock (delalloc writeback)
        h.acquire(task, LockClass.EXTENT_LOCK);
        assertThat(h.count(HazardKind.LOCK_ORDER)).isEqualTo(1);
        assertThat(h.first(HazardKind.LOCK_ORDER).description())
                .isEqualTo("extent lock taken while holding page lock, but page lock was taken while holding extent lock (first by btree[4] at 0.0 s)");
    }

    @Test
    void descendingPageLocksInOneMappingAreALockOrderHazardAscendingOnesAreNot() {
        Inode a = k.newFileInode();
        int a1 = page(a, 1);
        int a2 = page(a, 2);
        int a3 = page(a, 3);
        k.cache.lockPage(task, a1);
        k.cache.lockPage(task, a2);
        assertThat(h.count(HazardKind.LOCK_ORDER)).isZero();
        k.cache.unlockPage(a1);
        k.cache.unlockPage(a2);
        k.cache.lockPage(task, a3);
        assertThat(k.cache.trylockPage(task, a2)).isTrue(); // a trylock never waits: not an ordering
        k.cache.unlockPage(a2);
        k.cache.lockPage(task, a1);
        assertThat(h.count(HazardKind.LOCK_ORDER)).isEqualTo(1);
    }
}
