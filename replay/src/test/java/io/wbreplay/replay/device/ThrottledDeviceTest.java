package io.wbreplay.replay.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/** blk-throttle's two write limits: whichever is slower for a request decides its time. */
class ThrottledDeviceTest {
    private final Device d = Devices.create("throttled:50M:200");

    @Test
    void aLargeWriteIsBoundByBytesASmallOneByIops() {
        // 512 KiB at 50 MiB/s: 1/100 s = 10 ms; at 200 IOPS one I/O is 5 ms: the bytes decide
        assertThat(d.serviceNs(0, 0, 0, 512 * 1024, Operation.WRITE)).isEqualTo(10_000_000L);
        // 4 KiB at 50 MiB/s is 78 us; 200 IOPS allow one every 5 ms: the IOPS decide
        assertThat(d.serviceNs(0, 0, 12345, 4096, Operation.WRITE)).isEqualTo(5_000_000L);
        // 256 KiB: 5 ms either way
        assertThat(d.serviceNs(0, 0, 0, 256 * 1024, Operation.WRITE)).isEqualTo(5_000_000L);
    }

    @Test
    void readsAreNotThrottled() {
        assertThat(d.serviceNs(0, 0, 0, 512 * 1024, Operation.READ)).isEqualTo(ThrottledDevice.FAST_NS);
        assertThat(d.bandwidthBytesPerSecond()).isEqualTo(50L << 20);
    }

    @Test
    void aMalformedSpecificationNamesWhatWasExpected() {
        assertThatThrownBy(() -> Devices.create("throttled:50M")).hasMessageContaining("expected throttled:BPS:IOPS");
        assertThatThrownBy(() -> Devices.create("throttled:fast:200")).hasMessageContaining("'fast' is not a size");
        assertThatThrownBy(() -> Devices.create("throttled:50M:2x")).hasMessageContaining("'2x' is not a whole number");
        assertThatThrownBy(() -> Devices.create("throttled:0:200")).hasMessageContaining("positive");
    }
}
