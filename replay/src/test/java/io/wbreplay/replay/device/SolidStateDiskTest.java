package io.wbreplay.replay.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

class SolidStateDiskTest {
    /** 4 channels, depth 8, 100 us reads, 50 us writes, 400 MB/s both ways (100 MB/s per channel). */
    private final SolidStateDisk ssd = new SolidStateDisk(new SolidStateDiskConfig(
            1L << 30, 4, 8, 100_000, 50_000, 20_000, 400_000_000L, 400_000_000L, 300_000));

    @Test
    void serviceIsLatencyPlusTransferAtOneChannelsShare() {
        // 64 KiB write: 50 us + 65536 B / 100 MB/s = 50 + 655.36 us
        assertThat(ssd.serviceNs(0, 0, 5, 65536, Operation.WRITE)).isEqualTo(705_360L);
        // 4 KiB read: 100 us + 40.96 us, wherever the last command was
        assertThat(ssd.serviceNs(7, 1 << 20, 5, 4096, Operation.READ)).isEqualTo(140_960L);
        assertThat(ssd.serviceNs(0, 0, 5, 65536, Operation.DISCARD)).isEqualTo(20_000L);
    }

    @Test
    void channelsServeCommandsConcurrently() {
        DeviceQueue q = new DeviceQueue(ssd);
        long[] done = new long[5];
        for (int i = 0; i < 5; i++) {
            done[i] = q.start(0, 1000L * i, 65536, Operation.WRITE, false, false);
        }
        // four channels finish together; the fifth command waits for the first free channel
        assertThat(done).containsExactly(705_360L, 705_360L, 705_360L, 705_360L, 1_410_720L);
        assertThat(q.inFlight()).isEqualTo(5);
        assertThat(q.canAccept()).isTrue();
    }

    @Test
    void queueDepthLimitsCommandsInFlight() {
        DeviceQueue q = new DeviceQueue(ssd);
        for (int i = 0; i < 8; i++) {
            q.start(0, 0, 4096, Operation.READ, false, false);
        }
        assertThat(q.canAccept()).isFalse();
        q.complete();
        assertThat(q.canAccept()).isTrue();
    }

    @Test
    void flushesAddTheirCostAroundTheData() {
        DeviceQueue q = new DeviceQueue(ssd);
        // 300 us flush + (50 us + 40.96 us) + 300 us flush
        assertThat(q.start(0, 0, 4096, Operation.WRITE, true, true)).isEqualTo(690_960L);
        assertThat(q.start(0, 0, 0, Operation.FLUSH, true, false)).isEqualTo(300_000L);
    }
}
