package io.wbreplay.replay.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

class RotatingDiskTest {
    /**
     * Round numbers for hand calculation: 6000 rpm (10 ms per revolution), 102.4 MB/s, so a track holds
     * 1,024,000 bytes = 2000 sectors; 1000 cylinders of 2000 sectors; seeks 1 ms + 0.1 ms*sqrt(d) below
     * 400 cylinders, 5 ms + 0.01 ms*d from there.
     */
    private final RotatingDisk disk = new RotatingDisk(new RotatingDiskConfig(
            2_000_000L, 1000, 6000, 102_400_000L, 1_000_000, 100_000, 400, 5_000_000, 10_000, 0, 1));

    @Test
    void shortSeekRotationAndTransferAddUpAsComputedByHand() {
        // head at sector 0 (cylinder 0) at t=0; target 200,500 = cylinder 100, 500 sectors into its track.
        // seek 1 + 0.1*sqrt(100) = 2 ms; then the platter is at 2/10 of a turn, the sector at 500/2000:
        // wait 0.05 turn = 0.5 ms; 4096 bytes at 102.4 MB/s = 40 us. Total 2.54 ms.
        assertThat(disk.serviceNs(0, 0, 200_500, 4096, Operation.WRITE)).isEqualTo(2_540_000L);
    }

    @Test
    void longSeekUsesTheLinearBranch() {
        // cylinder 900: seek 5 + 0.01*900 = 14 ms; platter at 1.4 turns, sector at angle 0: wait 0.6 turn
        // = 6 ms; 8192 bytes = 80 us. Total 20.08 ms.
        assertThat(disk.serviceNs(0, 0, 1_800_000, 8192, Operation.READ)).isEqualTo(20_080_000L);
    }

    @Test
    void sameCylinderCostsOnlyRotationWhichDependsOnVirtualTime() {
        // sector 1000 is half a turn from angle 0: 5 ms at t=0, 4 ms at t=1 ms (platter at 0.1 turn)
        assertThat(disk.serviceNs(0, 0, 1000, 4096, Operation.WRITE)).isEqualTo(5_040_000L);
        assertThat(disk.serviceNs(1_000_000, 0, 1000, 4096, Operation.WRITE)).isEqualTo(4_040_000L);
    }

    @Test
    void aSequentialContinuationHasNoSeekAndNoRotation() {
        assertThat(disk.serviceNs(123_456_789, 777_000, 777_000, 4096, Operation.WRITE)).isEqualTo(40_000L);
    }

    @Test
    void discardDoesNoMediaWork() {
        assertThat(disk.serviceNs(0, 0, 1_800_000, 8192, Operation.DISCARD)).isZero();
    }

    @Test
    void defaultCurveMatchesA7200RpmDatasheet() {
        RotatingDisk d = new RotatingDisk();
        long cylinders = d.config().cylinders();
        assertThat(d.seekNs(1) / 1e6).as("track-to-track ms").isBetween(0.8, 1.0);
        assertThat(d.seekNs(cylinders - 1) / 1e6).as("full stroke ms").isBetween(16.0, 18.0);
        // mean over uniformly random start and target: distance density 2(C-d)/C^2
        double sum = 0;
        int steps = 100_000;
        for (int i = 0; i < steps; i++) {
            double dist = (i + 0.5) * cylinders / steps;
            double weight = 2 * (cylinders - dist) / ((double) cylinders * cylinders) * cylinders / steps;
            sum += weight * d.seekNs(Math.max(1, Math.round(dist)));
        }
        assertThat(sum / 1e6).as("average seek ms").isCloseTo(8.5, within(0.2));
        // the two branches meet at the boundary
        long b = d.config().seekBoundaryCylinders();
        assertThat(d.seekNs(b) - d.seekNs(b - 1)).isLessThan(20_000);
        // 7200 rpm: a full turn is 8.33 ms, so rotational waits stay below it
        assertThat(d.rotationalLatencyNs(3_000_000, 123_456)).isBetween(0.0, 8_333_334.0);
    }

    @Test
    void deviceQueueServesOneCommandAtATimeAndTracksTheHead() {
        DeviceQueue q = new DeviceQueue(disk);
        long first = q.start(0, 200_500, 4096, Operation.WRITE, false, false);
        assertThat(first).isEqualTo(2_540_000L);
        assertThat(q.canAccept()).isFalse();
        q.complete();
        // continues at 200,508 where the first ended: transfer only
        long second = q.start(first, 200_508, 4096, Operation.WRITE, false, false);
        assertThat(second).isEqualTo(2_580_000L);
        assertThat(q.busyNs()).isEqualTo(2_580_000L);
    }
}
