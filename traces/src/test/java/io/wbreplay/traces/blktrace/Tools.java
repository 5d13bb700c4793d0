package io.wbreplay.traces.blktrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real blktrace tools (blkparse, btt) and finds the public sample traces, for tests. */
final class Tools {
    private Tools() {
    }

    /** The public takeoverjp sample (read in place, never copied): 6,743 records, every one on CPU 1. */
    static Path publicSample() {
        Path dir = Paths.get(System.getProperty("wbreplay.public-traces", "/work/shared/traces-public"));
        Path sample = dir.resolve("blktrace-takeoverjp/sample.blktrace.0");
        assumeTrue(Files.isReadable(sample), "public sample traces not found under " + dir + " (set -Dwbreplay.public-traces)");
        return sample;
    }

    /** Runs {@code command} in {@code dir} with stdin from {@code stdin} (or nothing), stdout to {@code stdout}; asserts exit 0. */
    static void run(Path dir, Path stdin, Path stdout, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.from(stdin.toFile()));
        pb.redirectOutput(stdout.toFile());
        Path stderr = dir.resolve(command[0] + ".stderr");
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish within 60 s");
        }
        assertThat(p.exitValue()).as("%s exit code; stderr: %s", String.join(" ", command),
                Files.readString(stderr, StandardCharsets.UTF_8)).isZero();
    }
}
