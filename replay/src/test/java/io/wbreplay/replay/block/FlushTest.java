package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** FLUSH, PREFLUSH and FUA: never merged, ahead of the scheduler, each flush a device command. */
class FlushTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask task = new TestTask(loop, "fsync", 5);
    // data commands take 1 ms, a cache flush 2 ms
    private final RequestQueue queue = new RequestQueue(loop, new DeviceQueue(new FixedDevice(MS, 2 * MS, 1, 1)),
            new DeadlineElevator(), QueueConfig.DEFAULT);

    FlushTest() {
        queue.addListener(log);
    }

    private static Bio bio(Operation op, long sector, int sectors, int flags) {
        Bio bio = new Bio();
        bio.op = op;
        bio.sector = sector;
        bio.bytes = sectors * 512;
        bio.flags = flags;
        return bio;
    }

    @Test
    void preflushAndFuaWrapTheWriteInTwoCacheFlushes() {
        queue.submitBio(task, bio(Operation.WRITE, 100, 8, IoRecord.PREFLUSH | IoRecord.FUA));
        loop.run();
        assertThat(log.of("C")).containsExactly("C 5000000 100+8"); // 2 + 1 + 2 ms
    }

    @Test
    void anEmptyFlushCostsOneCacheFlush() {
        queue.submitBio(task, bio(Operation.FLUSH, 0, 0, IoRecord.SYNC));
        loop.run();
        assertThat(log.of("C")).containsExactly("C 2000000 0+0");
    }

    @Test
    void aFlushGoesAheadOfQueuedWritesAndFuaBiosDoNotMerge() {
        queue.submitBio(task, bio(Operation.WRITE, 900_000, 8, 0)); // busy until 1 ms
        queue.submitBio(task, bio(Operation.WRITE, 1000, 8, 0));
        queue.submitBio(task, bio(Operation.WRITE, 1008, 8, IoRecord.FUA)); // contiguous, but FUA
        queue.submitBio(task, bio(Operation.FLUSH, 0, 0, IoRecord.SYNC));
        loop.run();
        assertThat(queue.stats().backMerges()).isZero();
        // FUA write (1 + 2 ms) and flush (2 ms) from the flush queue first, then the scheduler's write
        assertThat(log.of("D")).containsExactly("D 0 900000+8", "D 1000000 1008+8", "D 4000000 0+0",
                "D 6000000 1000+8");
    }

    @Test
    void malformedBiosAreRefusedWithAReason() {
        assertThatThrownBy(() -> queue.submitBio(task, bio(Operation.FLUSH, 0, 8, 0)))
                .hasMessageContaining("carries no data");
        Bio odd = bio(Operation.WRITE, 0, 1, 0);
        odd.bytes = 1000;
        assertThatThrownBy(() -> queue.submitBio(task, odd)).hasMessageContaining("whole number of sectors");
        assertThatThrownBy(() -> queue.submitBio(task, bio(Operation.FSYNC, 0, 8, 0)))
                .hasMessageContaining("FSYNC");
    }
}
