package io.wbreplay.replay.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibratedDeviceTest {
    @TempDir
    Path tmp;

    @Test
    void aCommandCostsTheFittedLineAndTheFileRoundTrips() throws IOException {
        CalibratedDevice d = new CalibratedDevice(100_000, 2.5, 0.001, 4, 4, 300_000);
        // 100 us + 2.5 ns x 65,536 bytes + 0.001 ns x 1,000,000 sectors of seek = 100,000 + 163,840 + 1,000
        assertThat(d.serviceNs(0, 1_000_000, 0, 65_536, Operation.WRITE)).isEqualTo(264_840);
        Path f = tmp.resolve("device.calibration");
        Files.writeString(f, d.toProperties(42, "trace.txt"));
        Device back = Devices.create("calibrated:" + f);
        assertThat(back.serviceNs(0, 1_000_000, 0, 65_536, Operation.WRITE)).isEqualTo(264_840);
        assertThat(back.parallelUnits()).isEqualTo(4);
        assertThat(back.queueDepth()).isEqualTo(4);
        assertThat(back.cacheFlushNs()).isEqualTo(300_000);
        assertThat(back.name()).isEqualTo("calibrated");
    }

    @Test
    void aBadFileIsOneLineNamingIt() throws IOException {
        Path f = tmp.resolve("c");
        Files.writeString(f, "intercept_ns=1\nns_per_byte=x\n");
        assertThatThrownBy(() -> Devices.create("calibrated:" + f)).hasMessage(f + ": ns_per_byte=x: expected a number");
        Files.writeString(f, "intercept_ns=1\n");
        assertThatThrownBy(() -> Devices.create("calibrated:" + f))
                .hasMessage(f + ": no ns_per_byte= (expected a device calibration written by wbreplay validate)");
        assertThatThrownBy(() -> Devices.create("calibrated:" + tmp.resolve("none")))
                .hasMessageStartingWith("device 'calibrated:" + tmp.resolve("none") + "': cannot read");
        Files.writeString(f, "intercept_ns=1\nns_per_byte=1\nns_per_seek_sector=0\nparallel_units=0\nqueue_depth=1\nflush_ns=0\n");
        assertThatThrownBy(() -> Devices.create("calibrated:" + f)).hasMessageStartingWith(f + ": a calibrated device needs 1 <= parallel_units");
    }
}
