package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.RotatingDisk;
import io.wbreplay.replay.device.RotatingDiskConfig;
import io.wbreplay.replay.device.SolidStateDisk;
import io.wbreplay.replay.device.SolidStateDiskConfig;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** The queue feeds the device while it has room: one at a time on a disk, up to the depth on an SSD. */
class DeviceDispatchTest {
    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask task = new TestTask(loop, "writer", 1);

    private static Bio write(long sector, int bytes) {
        Bio bio = new Bio();
        bio.op = Operation.WRITE;
        bio.sector = sector;
        bio.bytes = bytes;
        return bio;
    }

    @Test
    void ssdChannelsServeQueuedRequestsInParallel() {
        // 2 channels, depth 3; 50 us + 64 KiB at 200 MB/s per channel (327.68 us) = 377.68 us per write
        SolidStateDisk ssd = new SolidStateDisk(new SolidStateDiskConfig(
                1L << 30, 2, 3, 100_000, 50_000, 0, 400_000_000L, 400_000_000L, 0));
        RequestQueue q = new RequestQueue(loop, new DeviceQueue(ssd), new NoopElevator(), QueueConfig.DEFAULT);
        q.addListener(log);
        for (int i = 0; i < 4; i++) {
            q.submitBio(task, write(10_000L * i, 65536));
        }
        assertThat(q.deviceQueue().inFlight()).isEqualTo(3);
        loop.run();
        // three issued at once (depth 3); two run on the channels, the third waits for a channel;
        // the fourth is issued when the first completes
        assertThat(log.of("D")).containsExactly("D 0 0+128", "D 0 10000+128", "D 0 20000+128",
                "D 377680 30000+128");
        assertThat(log.of("C")).containsExactly("C 377680 0+128", "C 377680 10000+128",
                "C 755360 20000+128", "C 755360 30000+128");
    }

    @Test
    void sequentialRequestsOnADiskCostOnlyTheirTransferAfterTheFirst() {
        RotatingDisk disk = new RotatingDisk(new RotatingDiskConfig(
                2_000_000L, 1000, 6000, 102_400_000L, 1_000_000, 100_000, 400, 5_000_000, 10_000, 0, 1));
        RequestQueue q = new RequestQueue(loop, new DeviceQueue(disk), new DeadlineElevator(),
                new QueueConfig(128, 4)); // max 8 sectors: contiguous bios stay separate requests
        q.addListener(log);
        q.submitBio(task, write(200_500, 4096));
        q.submitBio(task, write(200_508, 4096));
        q.submitBio(task, write(200_516, 4096));
        loop.run();
        // first: 2 ms seek + 0.5 ms rotation + 40 us (see RotatingDiskTest); then 40 us each
        assertThat(log.of("C")).containsExactly("C 2540000 200500+8", "C 2580000 200508+8",
                "C 2620000 200516+8");
        assertThat(q.deviceQueue().busyNs()).isEqualTo(2_620_000L);
    }
}
