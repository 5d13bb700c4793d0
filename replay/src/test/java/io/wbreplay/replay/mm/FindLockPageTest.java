package io.wbreplay.replay.mm;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.FixedDelayQueue;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.SmallKernel;
import io.wbreplay.replay.StepTask;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * find_lock_page() for the next page of a dirty run, as lock_delalloc_pages() uses it: a dirty page is
 * locked, a hole, a clean page or one under writeback ends the run; a page the task slept for that was
 * truncated (and its index filled again) or written meanwhile ends it too.
 */
class FindLockPageTest {
    private static final long MS = 1_000_000L;
    private final EventLoop loop = new EventLoop();
    private final Kernel k = SmallKernel.build(loop, new FixedDelayQueue(loop, null, MS, 1024), 32L << 20);
    private final Inode f = k.newFileInode();
    private final StepTask task = new StepTask(loop, "writer", 5);
    private final FindLockPage find = new FindLockPage(k.cache, k.pages, task);
    private final List<Integer> answers = new ArrayList<>();

    @Test
    void locksTheDirtyPagesAndStopsAtACleanPageOrAHole() {
        int p0 = SmallKernel.dirtyPage(k, f, 0);
        int p1 = SmallKernel.dirtyPage(k, f, 1);
        SmallKernel.page(k, f, 2, true, false);
        assertThat(find.lockDirty(f, 0)).isEqualTo(p0);
        assertThat(find.lockDirty(f, 1)).isEqualTo(p1);
        assertThat(k.pages.test(p0, Pages.PG_locked) && k.pages.test(p1, Pages.PG_locked)).isTrue();
        assertThat(find.lockDirty(f, 2)).isEqualTo(FindLockPage.END); // clean
        assertThat(find.lockDirty(f, 3)).isEqualTo(FindLockPage.END); // a hole
    }

    /** Runs lockDirty(f, 1) in the task until it answers something other than ASLEEP. */
    private void lockOneInTask() {
        task.step = () -> {
            int r = find.lockDirty(f, 1);
            answers.add(r);
            return r != FindLockPage.ASLEEP;
        };
        task.start();
        loop.runUntil(MS);
    }

    @Test
    void aPageTruncatedWhileTheTaskSleptForItEndsTheRunEvenIfItsIndexIsFilledAgain() {
        int old = SmallKernel.dirtyPage(k, f, 1);
        assertThat(k.cache.trylockPage(old)).isTrue(); // truncate holds it
        lockOneInTask();
        assertThat(answers).containsExactly(FindLockPage.ASLEEP);
        assertThat(task.state()).isEqualTo(Task.State.WAITING);
        k.pages.get(old); // truncate's own reference (its pagevec) keeps the frame from reuse
        k.cache.cancelDirty(old); // truncate_inode_pages(): the page leaves the mapping, unlocked
        k.cache.deleteFromPageCache(old);
        int again = SmallKernel.dirtyPage(k, f, 1); // and a new write fills index 1 again
        assertThat(again).isNotEqualTo(old);
        loop.runUntil(2 * MS);
        assertThat(answers).containsExactly(FindLockPage.ASLEEP, FindLockPage.END);
        assertThat(k.pages.test(again, Pages.PG_locked)).as("the new page is not taken").isFalse();
    }

    @Test
    void aPageWrittenWhileTheTaskSleptForItEndsTheRun() {
        int p = SmallKernel.dirtyPage(k, f, 1);
        assertThat(k.cache.trylockPage(p)).isTrue(); // the flusher holds it
        lockOneInTask();
        assertThat(k.cache.clearPageDirtyForIo(p)).isTrue(); // and starts its writeback
        k.cache.setPageWriteback(p);
        k.cache.unlockPage(p);
        loop.runUntil(2 * MS);
        assertThat(answers).containsExactly(FindLockPage.ASLEEP, FindLockPage.END);
        assertThat(k.pages.test(p, Pages.PG_locked)).isFalse();
    }

    @Test
    void trylockNeverSleepsAndSkipsALockedPage() {
        int p = SmallKernel.dirtyPage(k, f, 1);
        assertThat(k.cache.trylockPage(p)).isTrue();
        assertThat(find.trylockDirty(f, 1)).isEqualTo(FindLockPage.END);
        k.cache.unlockPage(p);
        assertThat(find.trylockDirty(f, 1)).isEqualTo(p);
    }
}
