package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16's reproductions run as a user runs them: a clear one-line error or a correct result. */
class BadInputTest {
    static final Path S = Path.of("../traces/samples");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.run(args);
    }

    /** The last line on standard error, asserting there is exactly one and no stack trace. */
    private String oneLineError() {
        String err = cli.err.toString().strip();
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception in");
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        return err;
    }

    private Path fifoFedWith(Path content) throws Exception {
        Path fifo = dir.resolve("f.csv");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                Files.copy(content, out);
            } catch (IOException e) {
                // the reader went away: the test's assertions say what matters
            }
        });
        writer.setDaemon(true);
        writer.start();
        return fifo;
    }

    @Test
    void cause01_aFifoIsReadOnceByStatsAndRefusedByReplay() throws Exception {
        Path fifo = fifoFedWith(S.resolve("synth-rand-write.csv"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(run("trace", "stats", fifo.toString())).isZero());
        assertThat(cli.out.toString()).contains("records      1,503");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(run("replay", "--format", "wbreplay-csv",
                fifo.toString(), "-o", dir.resolve("r").toString())).isEqualTo(1));
        assertThat(oneLineError()).contains(fifo.toString()).contains("save it to a file first");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    private Path csv(String name, String... rows) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n" + String.join("\n", rows) + "\n");
        return f;
    }

    private com.fasterxml.jackson.databind.JsonNode summary(Path run) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }

    @Test
    void cause10_aRecordFarEarlierThanTheFirstIsIssuedAtOnceWithoutStallingTheRest() throws IOException {
        Path f = csv("early.csv", "1000000000000,FILE_OP,WRITE,1,0,,,f,0,4096,,0", "0,FILE_OP,WRITE,1,0,,,f,4096,4096,,0",
                "1000000000001,FILE_OP,WRITE,1,0,,,f,8192,4096,,0");
        Path run = dir.resolve("early");
        assertThat(run("replay", f.toString(), "-o", run.toString())).as(cli.err.toString()).isZero();
        assertThat(summary(run).get("records").asLong()).isEqualTo(3);
        assertThat(summary(run).get("writeBytes").asLong()).isEqualTo(3 * 4096);
    }

    @Test
    void cause24_aTraceIdleForLongerThanTheDrainLimitIsNotAStuckModel() throws IOException {
        // 700 s between two writes: the trace is idle, simulated time passes by design
        Path f = csv("idle.csv", "0,FILE_OP,WRITE,1,0,,,f,0,4096,,0", "700000000000,FILE_OP,WRITE,1,0,,,f,4096,4096,,0",
                "700000000000,FILE_OP,WRITE,2,0,,,g,0,4096,,0", "1400000000000,FILE_OP,WRITE,2,0,,,g,4096,4096,,0");
        Path run = dir.resolve("idle");
        assertThat(run("replay", f.toString(), "-o", run.toString())).as(cli.err.toString()).isZero();
        assertThat(summary(run).get("records").asLong()).isEqualTo(4);
    }
}
