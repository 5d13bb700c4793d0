package io.wbreplay.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import org.junit.jupiter.api.Test;

/**
 * The mpage bio under construction: pages join while disk-contiguous and within max_sectors
 * (bio_add_page()); a page that is not contiguous, or finds the bio full, has it submitted first.
 * With max_sectors 16 (8 KiB) a bio holds two 4 KiB pages.
 */
class MpageBioTest {
    private static final long MS = 1_000_000L;

    @Test
    void contiguousPagesJoinUntilMaxSectorsThenTheBioIsSubmitted() {
        EventLoop loop = new EventLoop();
        FixedDelayQueue queue = new FixedDelayQueue(loop, null, MS, 16);
        Kernel k = SmallKernel.build(loop, queue, 32L << 20);
        StepTask task = new StepTask(loop, "writer", 5);
        MpageBio bio = new MpageBio(k, task);
        assertThat(bio.isEmpty()).isTrue();
        assertThat(bio.needsSubmit(800)).isFalse(); // nothing to submit yet
        bio.addWrite(k.pages.alloc(), 800, IoOrigin.WRITER);
        assertThat(bio.needsSubmit(808)).isFalse(); // 800 + 8 sectors: contiguous, 8 KiB fits
        assertThat(bio.needsSubmit(900)).isTrue(); // elsewhere on the disk
        int second = k.pages.alloc();
        bio.addWrite(second, 808, IoOrigin.WRITER);
        assertThat(bio.full()).isTrue();
        assertThat(bio.needsSubmit(816)).isTrue(); // contiguous, but a third page passes 16 sectors
        assertThat(bio.lastPage()).isEqualTo(second);
        assertThat(bio.submit()).isTrue();
        assertThat(bio.isEmpty()).isTrue();
        assertThat(queue.dispatched).hasSize(1);
        assertThat(queue.dispatched.get(0)[1]).isEqualTo(800); // sector
        assertThat(queue.dispatched.get(0)[2]).isEqualTo(8192); // bytes
        assertThat(bio.submit()).as("nothing left to submit").isTrue();
        assertThat(queue.dispatched).hasSize(1);
    }
}
