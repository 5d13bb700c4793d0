package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 cause 19: outputs a failed run left open (parallel runs, a full disk) are all removed. */
class AtomicOutputTest {
    @TempDir
    Path dir;

    private long files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void cause19_everyOutputStillOpenIsRemovedAtOnce() throws IOException {
        AtomicOutput a = AtomicOutput.create(dir.resolve("a/dispatch.blktrace.0"));
        AtomicOutput b = AtomicOutput.create(dir.resolve("b/dispatch.blktrace.0"));
        AtomicOutput done = AtomicOutput.create(dir.resolve("c.json"));
        a.write(new byte[100]);
        b.write(new byte[100]);
        done.write('x');
        done.close();
        assertThat(AtomicOutput.abandonAll(false)).isEqualTo(2);
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())).containsExactly("c.json");
        }
        a.close(); // a thread that goes on after the failure publishes nothing
        assertThat(dir.resolve("a/dispatch.blktrace.0")).doesNotExist();
        assertThat(files()).isEqualTo(3); // a/, b/, c.json
    }
}
