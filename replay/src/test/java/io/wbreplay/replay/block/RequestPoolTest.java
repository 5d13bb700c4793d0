package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** nr_requests, sleeping for a request, and the congestion thresholds (get_request(), freed_request()). */
class RequestPoolTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask task = new TestTask(loop, "writer", 9);
    private final RequestQueue queue =
            new RequestQueue(loop, new DeviceQueue(new FixedDevice(MS)), new NoopElevator(), QueueConfig.DEFAULT);

    RequestPoolTest() {
        queue.addListener(log);
    }

    /** A write far from the previous one, so each gets its own request. */
    private static Bio write(int i) {
        Bio bio = new Bio();
        bio.op = Operation.WRITE;
        bio.sector = 1000L * i;
        bio.bytes = 4096;
        return bio;
    }

    @Test
    void thresholdsAreTheKernelsFor128Requests() {
        // nr - nr/8 + 1 = 128 - 16 + 1; nr - nr/8 - nr/16 - 1 = 128 - 16 - 8 - 1
        assertThat(queue.congestionOnThreshold()).isEqualTo(113);
        assertThat(queue.congestionOffThreshold()).isEqualTo(103);
    }

    @Test
    void theRequestAfterNrRequestsPutsTheSubmitterToSleepUntilOneCompletes() {
        for (int i = 0; i < 128; i++) {
            assertThat(queue.submitBio(task, write(i))).isTrue();
        }
        assertThat(queue.allocatedRequests(false)).isEqualTo(128);
        assertThat(task.state()).isEqualTo(Task.State.RUNNABLE);

        assertThat(queue.submitBio(task, write(128))).as("the 129th must wait").isFalse();
        assertThat(task.state()).isEqualTo(Task.State.WAITING);
        assertThat(task.waitingOn()).isNotNull();
        assertThat(queue.stats().queueFullSleeps()).isEqualTo(1);
        assertThat(log.of("S")).containsExactly("S 0 128000+8");

        loop.runNext(); // the first request completes at 1 ms and frees its request
        assertThat(loop.now()).isEqualTo(MS);
        assertThat(task.state()).isEqualTo(Task.State.RUNNABLE);
        assertThat(task.stallCause).isEqualTo(StallCause.QUEUE_FULL);
        assertThat(task.stallStartNs).isZero();
        assertThat(task.stallEndNs).isEqualTo(MS);
        assertThat(log.of("G")).last().isEqualTo("G 1000000 128000+8");
        assertThat(queue.allocatedRequests(false)).isEqualTo(128);

        loop.run();
        assertThat(task.runs).as("woken once").isEqualTo(1);
        assertThat(queue.stats().completed()).isEqualTo(129);
        assertThat(log.dispatchedExtents()).last().isEqualTo("128000+8");
        assertThat(queue.isIdle()).isTrue();
    }

    @Test
    void syncRequestsHaveTheirOwnHalfOfThePool() {
        for (int i = 0; i < 128; i++) {
            queue.submitBio(task, write(i));
        }
        Bio read = write(500);
        read.op = Operation.READ;
        assertThat(queue.submitBio(task, read)).isTrue();
        Bio syncWrite = write(600);
        syncWrite.flags = IoRecord.SYNC;
        assertThat(queue.submitBio(task, syncWrite)).isTrue();
        assertThat(queue.allocatedRequests(true)).isEqualTo(2);
        assertThat(queue.writeCongested()).isTrue();
        assertThat(queue.readCongested()).isFalse();
    }

    @Test
    void writeCongestionTurnsOnAt113AndOffBelow103() {
        for (int i = 0; i < 112; i++) {
            queue.submitBio(task, write(i));
        }
        assertThat(queue.writeCongested()).as("112 allocated").isFalse();
        queue.submitBio(task, write(112));
        assertThat(queue.writeCongested()).as("113 allocated").isTrue();
        for (int i = 113; i < 128; i++) {
            queue.submitBio(task, write(i));
        }
        // completions free one request each: 128 - k allocated after k of them
        for (int k = 1; k <= 25; k++) {
            loop.runNext();
        }
        assertThat(queue.allocatedRequests(false)).isEqualTo(103);
        assertThat(queue.writeCongested()).as("103 allocated").isTrue();
        loop.runNext();
        assertThat(queue.allocatedRequests(false)).isEqualTo(102);
        assertThat(queue.writeCongested()).as("102 allocated").isFalse();
    }

    @Test
    void aSleepingSubmitterFlushesItsPlugAndItsLateRequestGoesBackIntoThePlug() {
        for (int i = 0; i < 127; i++) {
            queue.submitBio(task, write(i));
        }
        TestTask plugged = new TestTask(loop, "flusher", 10);
        queue.startPlug(plugged);
        queue.submitBio(plugged, write(200)); // the 128th request, held in the plug
        assertThat(queue.pluggedRequests(plugged)).isEqualTo(1);
        assertThat(queue.submitBio(plugged, write(201))).isFalse();
        assertThat(queue.pluggedRequests(plugged)).as("flushed before sleeping").isZero();
        loop.runNext();
        assertThat(plugged.state()).isEqualTo(Task.State.RUNNABLE);
        assertThat(queue.pluggedRequests(plugged)).as("the woken task's request is plugged again").isEqualTo(1);
        queue.finishPlug(plugged);
        loop.run();
        assertThat(queue.stats().completed()).isEqualTo(129);
    }
}
