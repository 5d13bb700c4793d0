package io.wbreplay.traces.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryHogScheduleTest {
    @TempDir
    Path dir;

    @Test
    void growsLinearlyThenHolds() throws IOException {
        MemoryHogSchedule s = MemoryHogSchedule.growing(1000, 10_000, 4);
        assertThat(s.steps()).isEqualTo(5);
        assertThat(s.pinnedAt(0)).isZero();
        assertThat(s.pinnedAt(2499)).isZero();
        assertThat(s.pinnedAt(2500)).isEqualTo(250);
        assertThat(s.pinnedAt(7600)).isEqualTo(750);
        assertThat(s.pinnedAt(10_000)).isEqualTo(1000);
        assertThat(s.pinnedAt(Long.MAX_VALUE)).isEqualTo(1000);
        Path f = dir.resolve("hog.csv");
        s.write(f);
        assertThat(Files.readString(f)).isEqualTo("time_ns,pinned_bytes\n0,0\n2500,250\n5000,500\n7500,750\n10000,1000\n");
        MemoryHogSchedule back = MemoryHogSchedule.read(f);
        for (int i = 0; i < s.steps(); i++) {
            assertThat(back.timeNs(i)).isEqualTo(s.timeNs(i));
            assertThat(back.pinnedBytes(i)).isEqualTo(s.pinnedBytes(i));
        }
    }

    @Test
    void nothingPinnedBeforeTheFirstStep() throws IOException {
        Path f = dir.resolve("late.csv");
        Files.writeString(f, "time_ns,pinned_bytes\n500,4096\n");
        assertThat(MemoryHogSchedule.read(f).pinnedAt(499)).isZero();
        assertThat(MemoryHogSchedule.read(f).pinnedAt(500)).isEqualTo(4096);
    }

    @Test
    void badInputNamesTheLine() throws IOException {
        assertThat(error("time_ns,pinned_bytes\n0,1\n5,-1\n")).contains("line 3: pinned_bytes: expected a whole number >= 0, found '-1'");
        assertThat(error("time_ns,pinned_bytes\n0,1\n0,2\n")).contains("line 3: time_ns must increase");
        assertThat(error("time_ns,pinned_bytes\n0,1,2\n")).contains("line 2: expected 2 columns");
        assertThat(error("when,bytes\n")).contains("line 1: expected the header");
        assertThatThrownBy(() -> MemoryHogSchedule.growing(1, 2, 3)).hasMessageContaining("--hog-duration");
    }

    private String error(String text) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, text);
        try {
            MemoryHogSchedule.read(f);
        } catch (TraceFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + text);
    }
}
