package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** Per-task plugging (blk_start_plug(), attempt_plug_merge(), blk_flush_plug_list()). */
class PlugTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask task = new TestTask(loop, "flusher", 3);
    private final RequestQueue queue =
            new RequestQueue(loop, new DeviceQueue(new FixedDevice(MS)), new NoopElevator(), QueueConfig.DEFAULT);

    PlugTest() {
        queue.addListener(log);
    }

    private static Bio write(long sector, int sectors) {
        Bio bio = new Bio();
        bio.op = Operation.WRITE;
        bio.sector = sector;
        bio.bytes = sectors * 512;
        return bio;
    }

    @Test
    void pluggedBiosMergeIntoOneRequestThatWaitsForTheFinish() {
        queue.startPlug(task);
        for (int i = 0; i < 4; i++) {
            queue.submitBio(task, write(8L * i, 8));
        }
        assertThat(queue.pluggedRequests(task)).isEqualTo(1);
        assertThat(queue.stats().dispatched()).as("nothing leaves the plug before the finish").isZero();

        queue.finishPlug(task);
        loop.run();

        assertThat(log.of("Q")).hasSize(4);
        assertThat(log.of("G")).containsExactly("G 0 0+8");
        assertThat(log.of("M")).containsExactly("M 0 8+8", "M 0 16+8", "M 0 24+8");
        assertThat(log.of("D")).containsExactly("D 0 0+32");
        assertThat(log.of("C")).containsExactly("C 1000000 0+32");
    }

    @Test
    void aPlugHoldingSixteenRequestsIsFlushedBeforeItTakesTheSeventeenth() {
        queue.startPlug(task);
        for (int i = 0; i < 16; i++) {
            queue.submitBio(task, write(100L * i, 8));
        }
        assertThat(queue.pluggedRequests(task)).isEqualTo(16);
        assertThat(queue.stats().dispatched()).isZero();

        queue.submitBio(task, write(100L * 16, 8));
        assertThat(queue.pluggedRequests(task)).isEqualTo(1);
        assertThat(queue.stats().dispatched()).as("the flushed sixteen reach the idle device").isEqualTo(1);
        assertThat(log.of("I")).hasSize(16);

        queue.finishPlug(task);
        loop.run();
        assertThat(queue.stats().completed()).isEqualTo(17);
    }

    @Test
    void aRequestLeavingThePlugMergesWithAQueuedRequestItContinues() {
        TestTask other = new TestTask(loop, "writer", 4);
        queue.submitBio(other, write(900_000, 8)); // keeps the device busy
        queue.startPlug(task);
        queue.submitBio(task, write(108, 8)); // plugged, nothing to merge with yet
        queue.submitBio(other, write(100, 8)); // unplugged: queued in the elevator
        queue.finishPlug(task); // 108+8 insert-merges behind 100+8
        loop.run();

        assertThat(queue.stats().requestMerges()).isEqualTo(1);
        assertThat(log.dispatchedExtents()).containsExactly("900000+8", "100+16");
    }

    @Test
    void nestedPlugsFlushOnlyAtTheOutermostFinish() {
        queue.startPlug(task);
        queue.startPlug(task);
        queue.submitBio(task, write(0, 8));
        queue.finishPlug(task);
        assertThat(queue.stats().dispatched()).isZero();
        queue.finishPlug(task);
        assertThat(queue.stats().dispatched()).isEqualTo(1);
        assertThatThrownBy(() -> queue.finishPlug(task)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void flushPlugSendsThePluggedRequestsWhileThePlugStaysOpen() {
        queue.startPlug(task);
        queue.submitBio(task, write(0, 8));
        queue.flushPlug(task);
        assertThat(queue.stats().dispatched()).isEqualTo(1);
        queue.submitBio(task, write(500, 8));
        assertThat(queue.pluggedRequests(task)).isEqualTo(1);
        queue.finishPlug(task);
        loop.run();
        assertThat(log.dispatchedExtents()).containsExactly("0+8", "500+8");
    }
}
