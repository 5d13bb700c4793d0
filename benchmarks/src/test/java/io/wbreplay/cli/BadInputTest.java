package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wbreplay.traces.formats.TraceFormats;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
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
        cli.err.getBuffer().setLength(0);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(run("replay", fifo.toString(),
                "-o", dir.resolve("r").toString())).isEqualTo(1)); // refused before sniffing, which would wait for a writer
        assertThat(oneLineError()).contains("save it to a file first");
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

    @Test
    void cause02_aMemoryTheHeapCannotHoldIsRefusedBeforeAllocating() {
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        assertThat(run("replay", S.resolve("synth-rand-write-16k.csv").toString(), "--memory", "7T",
                "-o", dir.resolve("r").toString())).isEqualTo(1);
        // 7 TiB / 4 KiB = 1,879,048,192 frames of 32 bytes each: 57,344 MiB
        assertThat(oneLineError()).isEqualTo("wbreplay: --memory 7340032 MiB needs about 57344 MiB of Java heap for its page"
                + " frames, more than half of this JVM's " + heapMiB + " MiB: lower --memory or raise -Xmx");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void cause13_queueOptionsAreBoundedInsteadOfOverflowing() {
        assertThat(run("replay", S.resolve("synth-rand-write.csv").toString(), "--max-sectors-kb", "2147483647",
                "-o", dir.resolve("r").toString())).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: max_sectors_kb must be from 4 (one page) to 1048576 (a 1 GiB request), got 2147483647");
        cli.err.getBuffer().setLength(0);
        assertThat(run("replay", S.resolve("synth-rand-write.csv").toString(), "--nr-requests", "2147483647",
                "-o", dir.resolve("r").toString())).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: nr_requests must be at most 65536, got 2147483647");
    }

    @Test
    void cause14_aShortDrainLimitBoundsOnlyTheTimeAfterTheLastRecord() throws IOException {
        for (String limit : new String[] {"0", "1ms"}) {
            Path run = dir.resolve("drain-" + limit);
            assertThat(run("replay", S.resolve("synth-rand-write.csv").toString(), "--drain-limit", limit,
                    "-o", run.toString())).as(cli.err.toString()).isZero();
            assertThat(summary(run).get("records").asLong()).isEqualTo(1503); // the sample's README: 1,503 records
        }
    }

    @Test
    void cause15_anUnknownBaselineIsRefused() {
        assertThat(run("compare", "--trace", S.resolve("synth-rand-write.csv").toString(), "--baseline", "bogus",
                "-o", dir.resolve("c").toString())).isEqualTo(1);
        assertThat(oneLineError()).startsWith("wbreplay: --baseline 'bogus' is not one of the compared strategies: writepage, ");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void cause21_aNegativeCountIsRefused() {
        assertThat(run("trace", "generate", "rand-write", "--count", "-1", "-o", dir.resolve("g.csv").toString())).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: --count must be at least 1, not -1 (leave it out for the workload's default)");
        assertThat(dir.resolve("g.csv")).doesNotExist();
    }

    @Test
    void cause22_aShardWithNoCellIsRefused() {
        assertThat(run("compare", "--trace", S.resolve("synth-rand-write.csv").toString(), "--strategy", "writepage",
                "--shard", "2/2", "-o", dir.resolve("c").toString())).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: --shard 2/2 holds no cell: the sweep has only 1 cell(s); use at most that many shards");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    /** Starts {@code wbreplay args...} in its own JVM, as a user's shell would. */
    private static Process wbreplay(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static List<String> hiddenFiles(Path root) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".") && Files.isRegularFile(p))
                    .map(Path::toString).toList();
        }
    }

    private static void awaitHiddenFile(Path root) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (hiddenFiles(root).isEmpty()) {
            assertThat(System.nanoTime()).as("a temporary output file within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void cause20_sigintAndSigtermRemoveTheRunsTemporaryFilesAndSaySo() throws Exception {
        for (String signal : new String[] {"TERM", "INT"}) {
            Path work = Files.createDirectories(dir.resolve(signal));
            Process p = wbreplay(work, "trace", "generate", "rand-write", "--count", "50000000", "-o", "big.csv");
            awaitHiddenFile(work);
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes()).strip();
            assertThat(p.exitValue()).as(err).isEqualTo(signal.equals("INT") ? 130 : 143);
            assertThat(err).isEqualTo("wbreplay: interrupted: no output file was completed; 1 partial file(s) removed");
            assertThat(hiddenFiles(work)).isEmpty();
            assertThat(work.resolve("big.csv")).doesNotExist();
        }
    }

    @Test
    void cause20_aTemporaryFileOfAKilledRunIsRemovedByTheNextRunThere() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = dir.resolve(".big.csv." + gone.pid() + ".tmp"); // as a run killed with SIGKILL leaves it
        Files.writeString(stale, "half a trace");
        Path mine = dir.resolve(".other.csv." + ProcessHandle.current().pid() + ".tmp"); // a live process's: kept
        Files.writeString(mine, "being written");
        assertThat(run("trace", "generate", "rand-write", "--count", "10", "-o", dir.resolve("small.csv").toString())).isZero();
        assertThat(stale).doesNotExist();
        assertThat(mine).exists();
    }

    @Test
    void cause23_aSweepChecksEveryTraceBeforeRunningAnyCell() {
        Path out = dir.resolve("c");
        String missing = dir.resolve("missing.csv").toString();
        assertThat(run("compare", "--trace", S.resolve("synth-rand-write.csv") + "," + missing, "--strategy", "writepage",
                "-o", out.toString())).isEqualTo(1);
        assertThat(oneLineError()).startsWith("wbreplay: no such file: " + missing);
        assertThat(out).doesNotExist();
    }

    @Test
    void cause23_aFailedReplayLeavesNoEmptyDirectoryAndErrorsNameTheirFile() throws IOException {
        // line 3 is malformed, past the probe's first records? No: the probe reads it too; the point is the -o directory
        Path bad = csv("bad.csv", "0,FILE_OP,WRITE,1,0,,,f,0,4096,,0", "1000,FILE_OP,WRITE,1,0,,,f,4096,4096,,0",
                "2000,FILE_OP,WRITE,1,0,,,f,8192,4096,,0");
        Files.writeString(bad, Files.readString(bad).replace("2000,", "2000x,"));
        Path out = dir.resolve("r");
        assertThat(run("replay", bad.toString(), "-o", out.toString())).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: " + bad + ": line 4: time_ns: expected a whole number, found '2000x'");
        assertThat(out).doesNotExist();
        cli.err.getBuffer().setLength(0);
        Path aDirectory = Files.createDirectory(dir.resolve("adir"));
        assertThat(run("trace", "convert", S.resolve("synth-rand-write.csv").toString(), aDirectory.toString(), "--to", "fio-iolog")).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: " + aDirectory + ": is a directory; expected a file name to write");
        cli.err.getBuffer().setLength(0);
        assertThat(run("compare", "--sweep", aDirectory.toString(), "-o", dir.resolve("c").toString())).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: no such file: " + aDirectory + ": is a directory; expected a sweep file");
    }

    @Test
    void cause24_anEmptyPreflushWriteReplaysDirectAsACacheFlush() throws IOException {
        Path f = dir.resolve("fsync.txt");
        Files.writeString(f, "             fio-3102    [001] .....  100.000000: block_bio_queue: 8,0 WS 2048 + 8 [fio]\n"
                + "             fio-3102    [001] .....  100.000100: block_bio_queue: 8,0 FWS 0 + 0 [fio]\n"
                + "             fio-3102    [001] .....  100.000200: block_bio_queue: 8,0 WS 4096 + 8 [fio]\n");
        Path run = dir.resolve("direct");
        assertThat(run("replay", f.toString(), "--direct", "-o", run.toString())).as(cli.err.toString()).isZero();
        assertThat(summary(run).get("records").asLong()).isEqualTo(3);
        assertThat(summary(run).get("writeBytes").asLong()).isEqualTo(2 * 4096);
    }

    @Test
    void cause25_convertToBlktraceKeepsProcessNamesAndWriteZeroes() throws IOException {
        Path f = dir.resolve("tp.txt");
        Files.writeString(f, "# tracer: nop\n"
                + "             fio-3102    [001] .....  100.000000: block_bio_queue: 8,0 WS 2048 + 8 [fio]\n"
                + "    kworker/1:1H-78      [001] .....  100.000100: block_rq_issue: 8,0 WS 4096 () 2048 + 8 none,0,0 [kworker/1:1H]\n"
                + "      jbd2/sda1-8-412    [000] .....  100.000200: block_bio_queue: 8,0 NS 8192 + 16 [jbd2/sda1-8]\n");
        Path out = dir.resolve("bt");
        assertThat(run("trace", "convert", f.toString(), out.toString(), "--to", "blktrace")).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("converted 3 records").contains("ignored 1 other lines");
        try (io.wbreplay.traces.TraceReader in = io.wbreplay.traces.formats.TraceFormats.open(out, null, io.wbreplay.traces.ReadOptions.STRICT)) {
            io.wbreplay.traces.IoRecord r = new io.wbreplay.traces.IoRecord();
            List<String> ops = new ArrayList<>();
            while (in.next(r)) {
                ops.add(r.op + " " + r.sector + "+" + r.bytes);
            }
            assertThat(ops).containsExactly("WRITE 2048+4096", "WRITE 2048+4096", "DISCARD 8192+8192");
            assertThat(in.processName(3102)).isEqualTo("fio");
            assertThat(in.processName(78)).isEqualTo("kworker/1:1H");
            assertThat(in.processName(412)).isEqualTo("jbd2/sda1-8");
        }
    }

    @Test
    void cause08_aFileOffsetPastWhatTheModelLaysOutNamesTheTraceAndRecord() throws IOException {
        // valid as a trace (it ends below 2^63) but past 2^24 extents of 128 MiB = 2^51 bytes
        Path f = csv("far.csv", "0,FILE_OP,WRITE,1,0,,,f,0,4096,,0", "10,FILE_OP,WRITE,1,0,,,f,4611686018427387904,4096,,0");
        Path out = dir.resolve("far");
        assertThat(run("replay", f.toString(), "-o", out.toString())).isEqualTo(1);
        assertThat(oneLineError()).isEqualTo("wbreplay: " + f + ": record 2 (10ns - WRITE pid 1 file 0 @4611686018427387904"
                + " bytes 4096): its file range ends past 2251799813685248 bytes, the largest file the model lays out"
                + " (2^24 extents of --extent-size)");
        assertThat(out).doesNotExist();
    }
}
