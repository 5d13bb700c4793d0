package io.wbreplay.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import org.junit.jupiter.api.Test;

/**
 * The mpage bio under construction: pages join while disk-contiguous and bio_add_page() takes them; a
 * page that is not contiguous, or finds the bio full, has it submitted first. Before 4.3 a bio stays
 * within max_sectors (with 16, 8 KiB, it holds two 4 KiB pages); since, it holds BIO_MAX_VECS (256)
 * bio_vecs, each a page, or from 5.1 a run of physically contiguous pages.
 */
class MpageBioTest {
    private static final long MS = 1_000_000L;

    @Test
    void contiguousPagesJoinUntilMaxSectorsThenTheBioIsSubmitted() {
        EventLoop loop = new EventLoop();
        FixedDelayQueue queue = new FixedDelayQueue(loop, null, MS, 16);
        Kernel k = SmallKernel.build(loop, queue, 32L << 20, c -> c.kernel = KernelEra.V3_2);
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

    /** 4.11: 256 pages, whatever max_sectors; 6.x: 256 bio_vecs, a large folio's pages sharing one. */
    @Test
    void sinceLateSplittingABioHoldsBioMaxVecs() {
        for (KernelEra era : new KernelEra[] {KernelEra.V4_11, KernelEra.V6_X}) {
            EventLoop loop = new EventLoop();
            Kernel k = SmallKernel.build(loop, new FixedDelayQueue(loop, null, MS, 16), 32L << 20, c -> c.kernel = era);
            MpageBio bio = new MpageBio(k, new StepTask(loop, "writer", 5));
            int first = k.pages.alloc();
            // page frames first, first + 2, first + 4, ...: no two contiguous, so one bio_vec each
            for (int i = 0; i < 256; i++) {
                assertThat(bio.full()).as("%s after %d pages", era, i).isFalse();
                bio.addWrite(first + 2 * i, 800 + 8L * i, IoOrigin.WRITER);
            }
            assertThat(bio.full()).as(era + ": 256 bio_vecs").isTrue();
            bio.take();
            // 16 folios of order 5 (512 pages): 512 bio_vecs on 4.11, on 6.x one per folio
            int zone = k.pages.zoneOf(first);
            for (int f = 0; f < 16; f++) {
                int head = k.pages.alloc(zone, 5);
                for (int i = 0; i < 32; i++) {
                    bio.addWrite(head + i, 8000 + 8L * (32 * f + i), IoOrigin.WRITER);
                }
            }
            assertThat(bio.full()).as(era.label()).isEqualTo(era == KernelEra.V4_11);
        }
    }
}
