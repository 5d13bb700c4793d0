package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bio_split_to_limits() and bio_chain(): a bio past max_sectors goes out in pieces and ends once. */
class BioSplitTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask task = new TestTask(loop, "flusher", 2);
    private final List<Long> ended = new ArrayList<>();

    private Bio bio(long sector, int kib) {
        Bio b = new Bio();
        b.op = Operation.WRITE;
        b.sector = sector;
        b.bytes = kib * 1024;
        b.endIo = (done, now) -> ended.add(now);
        return b;
    }

    @Test
    void piecesOfMaxSectorsEndTheBioWhenTheLastCompletes() {
        // max_sectors_kb 512: 1,300 KiB are 512 + 512 + 276; one command at a time, 1 ms each
        RequestQueue q = new RequestQueue(loop, new DeviceQueue(new FixedDevice(MS)), new NoopElevator(), new QueueConfig(128, 512));
        q.addListener(log);
        assertThat(q.submitBio(task, bio(2048, 1300))).isTrue();
        assertThat(log.of("Q")).containsExactly("Q 0 2048+1024", "Q 0 3072+1024", "Q 0 4096+552");
        loop.run();
        assertThat(log.of("C")).hasSize(3);
        assertThat(ended).containsExactly(3 * MS);
    }

    @Test
    void theSubmitterWakesWhenItsLastPieceHasARequest() {
        // nr_requests 4 (the least the queue takes), max_sectors_kb 4: a 24 KiB bio is 6 pieces; the 5th
        // finds no request, so the task sleeps and the 6th waits behind it; each command takes 1 ms,
        // one at a time (a piece of 4 KiB cannot merge into another of 4 KiB): requests free at 1 and 2 ms,
        // and only the second wakes the task
        RequestQueue q = new RequestQueue(loop, new DeviceQueue(new FixedDevice(MS)), new NoopElevator(), new QueueConfig(4, 4));
        q.addListener(log);
        assertThat(q.submitBio(task, bio(0, 24))).isFalse();
        assertThat(task.state()).isEqualTo(Task.State.WAITING);
        loop.runNext();
        assertThat(loop.now()).isEqualTo(MS);
        assertThat(task.state()).as("one piece still waits").isEqualTo(Task.State.WAITING);
        loop.runNext();
        assertThat(loop.now()).isEqualTo(2 * MS);
        assertThat(task.state()).isEqualTo(Task.State.RUNNABLE);
        loop.run();
        assertThat(ended).containsExactly(6 * MS);
    }
}
