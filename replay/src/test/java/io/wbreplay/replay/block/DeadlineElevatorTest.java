package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/**
 * Dispatch order of deadline-iosched.c. Requests are queued together by one plug flush at time 0, then
 * the one-deep device serves one per second.
 */
class DeadlineElevatorTest {
    private static final long SEC = 1_000_000_000L;

    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask task = new TestTask(loop, "writer", 1);

    private RequestQueue queue(Elevator elevator) {
        RequestQueue q = new RequestQueue(loop, new DeviceQueue(new FixedDevice(SEC)), elevator, QueueConfig.DEFAULT);
        q.addListener(log);
        return q;
    }

    private static Bio bio(Operation op, long sector) {
        Bio bio = new Bio();
        bio.op = op;
        bio.sector = sector;
        bio.bytes = 4096;
        return bio;
    }

    private void submitPlugged(RequestQueue q, Operation op, long... sectors) {
        q.startPlug(task);
        for (long s : sectors) {
            q.submitBio(task, bio(op, s));
        }
        q.finishPlug(task);
    }

    @Test
    void writesGoInAscendingSectorOrderFromTheOldestThenWrapAround() {
        RequestQueue q = queue(new DeadlineElevator());
        submitPlugged(q, Operation.WRITE, 3000, 1000, 5000, 2000, 4000);
        loop.run();
        // no previous position: start at the FIFO head (3000), go up in sector order, and when nothing
        // lies above, start again from the oldest remaining (1000)
        assertThat(log.dispatchedExtents()).containsExactly("3000+8", "4000+8", "5000+8", "1000+8", "2000+8");
    }

    @Test
    void noopKeepsArrivalOrder() {
        RequestQueue q = queue(new NoopElevator());
        submitPlugged(q, Operation.WRITE, 3000, 1000, 5000, 2000, 4000);
        loop.run();
        assertThat(log.dispatchedExtents()).containsExactly("3000+8", "1000+8", "5000+8", "2000+8", "4000+8");
    }

    @Test
    void readBatchesOfFifoBatchPassWritesAtMostWritesStarvedTimes() {
        RequestQueue q = queue(new DeadlineElevator(new DeadlineConfig(500_000_000L, 5 * SEC, 2, 2, true)));
        q.startPlug(task);
        for (long s : new long[] {100, 200, 300, 400}) {
            q.submitBio(task, bio(Operation.WRITE, s));
        }
        for (long s : new long[] {1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800}) {
            q.submitBio(task, bio(Operation.READ, s));
        }
        q.finishPlug(task);
        loop.run();
        // batches of two; reads are chosen while starved++ < 2, so two read batches pass the writes,
        // then one write batch, and so on
        assertThat(log.dispatchedExtents()).containsExactly(
                "1100+8", "1200+8", "1300+8", "1400+8", "100+8", "200+8",
                "1500+8", "1600+8", "1700+8", "1800+8", "300+8", "400+8");
    }

    @Test
    void anExpiredWriteIsServedAheadOfSectorOrderAfterWriteExpire() {
        // fifo_batch 1: the direction and the FIFO are checked before every dispatch
        RequestQueue q = queue(new DeadlineElevator(new DeadlineConfig(500_000_000L, 5 * SEC, 1, 2, true)));
        submitPlugged(q, Operation.WRITE, 1000, 500, 2000, 3000, 4000, 5000, 6000, 7000);
        loop.run();
        // 1000 at 0 s, then sector order 2000..5000 at 1..4 s; at 5 s the write to 500, queued at 0 s,
        // has reached write_expire and goes first; sector order resumes after it
        assertThat(log.of("D")).containsExactly(
                "D 0 1000+8", "D 1000000000 2000+8", "D 2000000000 3000+8", "D 3000000000 4000+8",
                "D 4000000000 5000+8", "D 5000000000 500+8", "D 6000000000 6000+8", "D 7000000000 7000+8");
    }

    @Test
    void elevatorsAreChosenByName() {
        assertThat(Elevators.create("noop").name()).isEqualTo("noop");
        assertThat(Elevators.create("deadline")).isInstanceOf(DeadlineElevator.class);
        assertThatThrownBy(() -> Elevators.create("cfq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cfq")
                .hasMessageContaining("noop, deadline");
    }
}
