package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * blk-throttle's slices, worked by hand from block/blk-throttle.c (6.16+) at the recordings' limits:
 * 52,428,800 B/s and 200 IOPS, HZ 250, so a slice (DFL_THROTL_SLICE_HD, HZ/10) is 25 jiffies = 100 ms
 * and allows 5 MiB and 20 I/Os.
 */
class BlkThrottleTest {
    private static final long MS = 1_000_000L;
    private static final long MIB = 1L << 20;

    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask writer = new TestTask(loop, "writer", 9);
    /** max_sectors_kb 1280 as the loop devices had; each command takes 1 ms. */
    private final RequestQueue queue = new RequestQueue(loop, new DeviceQueue(new FixedDevice(MS, 0, 128, 1)),
            new NoopElevator(), new QueueConfig(128, 1280));
    private final BlkThrottle throttle = new BlkThrottle(loop, queue, new Devices.Throttle(52_428_800L, 200));

    BlkThrottleTest() {
        queue.addListener(log);
    }

    private static Bio write(long sector, long bytes) {
        Bio bio = new Bio();
        bio.op = Operation.WRITE;
        bio.sector = sector;
        bio.bytes = (int) bytes;
        return bio;
    }

    /** The times (ms) at which bios reached the request queue, one entry per Q event. */
    private List<Long> queuedAtMs() {
        List<Long> out = new ArrayList<>();
        for (String l : log.of("Q")) {
            out.add(Long.parseLong(l.split(" ")[1]) / MS);
        }
        return out;
    }

    @Test
    void tenMebibyteBiosLeaveWholeEveryTwoHundredMilliseconds() {
        // The first 10 MiB bio on a fresh slice: 5 MiB allowed in the first slice, 5 MiB extra take
        // 25 jiffies at the rate, plus the 25 rounded up: it leaves at jiffy 50 (200 ms). The second
        // waits behind it; at jiffy 50 the slice is trimmed by one slice (to start at 25, 5 MiB still
        // charged), so it needs 10 MiB more than the 5 MiB allowed by then: 50 jiffies, at 400 ms.
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.submitBio(writer, write(i * 20_480L, 10 * MIB))).as("never blocks the submitter").isTrue();
        }
        assertThat(log.of("Q")).isEmpty();
        assertThat(throttle.queuedWrites()).isEqualTo(3);
        loop.run();
        // each leaves whole and is split into 8 requests of 1,280 KiB, queued together
        assertThat(queuedAtMs()).containsExactly(200L, 200L, 200L, 200L, 200L, 200L, 200L, 200L,
                400L, 400L, 400L, 400L, 400L, 400L, 400L, 400L, 600L, 600L, 600L, 600L, 600L, 600L, 600L, 600L);
        assertThat(log.of("Q").get(0)).isEqualTo("Q 200000000 0+2560");
    }

    @Test
    void smallWritesLeaveTwentyASlice() {
        // 200 IOPS over a 25-jiffy slice: the first 20 go at once, the 21st waits for the slice's end
        // (25 jiffies, more than HZ / iops + 1 = 2), and so on.
        for (int i = 0; i < 50; i++) {
            throttle.submitBio(writer, write(i * 1000L, 4096));
        }
        loop.run();
        List<Long> at = queuedAtMs();
        assertThat(at).hasSize(50);
        assertThat(at.subList(0, 20)).containsOnly(0L);
        assertThat(at.subList(20, 40)).containsOnly(100L);
        assertThat(at.subList(40, 50)).containsOnly(200L);
    }

    @Test
    void metadataGoesAtOnceAndIsCharged() {
        throttle.submitBio(writer, write(0, 10 * MIB)); // waits until 200 ms
        Bio meta = write(900_000, 4096);
        meta.flags = IoRecord.META;
        throttle.submitBio(writer, meta);
        assertThat(log.of("Q")).containsExactly("Q 0 900000+8");
        loop.run();
        // its 4 KiB count against the slice: at jiffy 50 the big bio is 4,096 B over the 10 MiB allowed,
        // which at the rate is under a jiffy, so 1 more: it leaves at jiffy 51, 204 ms
        assertThat(queuedAtMs()).hasSize(9).element(1).isEqualTo(204L);
    }

    @Test
    void readsPassUnthrottled() {
        throttle.submitBio(writer, write(0, 10 * MIB));
        Bio read = write(500_000, 64 * 1024);
        read.op = Operation.READ;
        throttle.submitBio(writer, read);
        assertThat(log.of("Q")).containsExactly("Q 0 500000+128");
    }
}
