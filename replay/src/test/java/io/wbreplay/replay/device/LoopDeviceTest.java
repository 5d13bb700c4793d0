package io.wbreplay.replay.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** throttled:BPS:IOPS: blk-throttle's limits over a direct-I/O loop device. */
class LoopDeviceTest {
    @Test
    void theLimitsAreParsedAndTheDeviceUnderneathIsTheLoop() {
        assertThat(Devices.throttle("throttled:50M:200")).isEqualTo(new Devices.Throttle(50L << 20, 200));
        assertThat(Devices.throttle("hdd")).isNull();
        assertThat(Devices.create("throttled:50M:200")).isInstanceOf(LoopDevice.class);
    }

    @Test
    void requestsTakeWhatFioMeasured() {
        Device d = new LoopDevice();
        // 39,718 IOPS of 4 KiB: 1 s / 39,718 = 25,177.5 ns each
        assertThat(d.serviceNs(0, 0, 0, 4096, Operation.WRITE)).isEqualTo(25_178L);
        // 2,183,067 KiB/s in 1,280 KiB writes: 1,280 / 2,183,067 s = 586,331.1 ns each
        assertThat(d.serviceNs(0, 0, 0, 1280 * 1024, Operation.WRITE)).isEqualTo(586_331L);
    }

    @Test
    void aMalformedSpecificationNamesWhatWasExpected() {
        assertThatThrownBy(() -> Devices.create("throttled:50M")).hasMessageContaining("expected throttled:BPS:IOPS");
        assertThatThrownBy(() -> Devices.create("throttled:fast:200")).hasMessageContaining("'fast' is not a size");
        assertThatThrownBy(() -> Devices.create("throttled:50M:2x")).hasMessageContaining("'2x' is not a whole number");
        assertThatThrownBy(() -> Devices.create("throttled:0:200")).hasMessageContaining("positive");
    }
}
