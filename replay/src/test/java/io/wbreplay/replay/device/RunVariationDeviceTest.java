package io.wbreplay.replay.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** The device side of repeated runs: rotational phase and service-time jitter. */
class RunVariationDeviceTest {
    @Test
    void withoutVariationTheSeedChangesNothing() {
        Device a = Devices.create("hdd", 1, false, 0);
        Device b = Devices.create("hdd", 99, false, 0);
        for (long t = 0; t < 50_000_000; t += 1_234_567) {
            assertThat(a.serviceNs(t, 0, 1_000_000 + t / 7, 4096, Operation.WRITE))
                    .isEqualTo(b.serviceNs(t, 0, 1_000_000 + t / 7, 4096, Operation.WRITE));
        }
    }

    @Test
    void aPhaseIsTheSamePlatterLaterInTime() {
        // 7200 rpm: a revolution is 60e9 / 7200 = 8,333,333.3 ns; a disk started a quarter turn ahead sees
        // at time t what the unshifted disk sees at t + a quarter revolution
        RotatingDisk plain = new RotatingDisk();
        double quarter = 60e9 / 7200 / 4;
        RotatingDisk shifted = new RotatingDisk(RotatingDiskConfig.DEFAULT, quarter);
        assertThat(shifted.rotationalLatencyNs(1_000_000, 5000))
                .isCloseTo(plain.rotationalLatencyNs(1_000_000 + (long) quarter, 5000), org.assertj.core.data.Offset.offset(1.0));
        assertThat(shifted.rotationalLatencyNs(1_000_000, 5000)).isNotEqualTo(plain.rotationalLatencyNs(1_000_000, 5000));
    }

    @Test
    void seedsGiveDifferentRotationalPositions() {
        Device a = Devices.create("hdd", 1, true, 0);
        Device b = Devices.create("hdd", 2, true, 0);
        Device a2 = Devices.create("hdd", 1, true, 0);
        long sa = a.serviceNs(0, 0, 123_456_789, 4096, Operation.WRITE);
        assertThat(sa).isEqualTo(a2.serviceNs(0, 0, 123_456_789, 4096, Operation.WRITE));
        assertThat(sa).isNotEqualTo(b.serviceNs(0, 0, 123_456_789, 4096, Operation.WRITE));
    }

    @Test
    void jitterStaysWithinItsBoundAndSpreadsOverIt() {
        // an SSD's 4 KiB write has a fixed service time, so every factor shows directly
        Device plain = Devices.create("ssd");
        Device jittered = Devices.create("ssd", 7, false, 0.05);
        long base = plain.serviceNs(0, 0, 0, 4096, Operation.WRITE);
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            double f = (double) jittered.serviceNs(i * 1000L, 0, i * 8L, 4096, Operation.WRITE) / base;
            min = Math.min(min, f);
            max = Math.max(max, f);
            sum += f;
        }
        assertThat(min).isGreaterThanOrEqualTo(0.95 - 1.0 / base).isLessThan(0.96);
        assertThat(max).isLessThanOrEqualTo(1.05 + 1.0 / base).isGreaterThan(1.04);
        assertThat(sum / n).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.005)); // uniform: mean 1, sd 0.05/sqrt(3n)
    }
}
