package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wbreplay.replay.vmscan.strategy.ReclaimStrategies;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    static final String TRACE = "../traces/samples/synth-seq-write.csv";

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final java.io.StringWriter out = cli.out;
    private final java.io.StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private static long strategies() {
        return StreamSupport.stream(ReclaimStrategies.names().spliterator(), false).count();
    }

    @Test
    void sweepsConfigurationsAndStrategiesIntoOneReport() throws IOException {
        Path report = dir.resolve("report");
        assertThat(run("compare", "--trace", TRACE, "--memory", "32M,64M", "-j", "2", "-o", report.toString()))
                .as(err.toString()).isZero();
        JsonNode info = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        long cells = 2 * strategies();
        assertThat(info.get("cells")).hasSize((int) cells);
        assertThat(info.get("command").asText()).isEqualTo("wbreplay compare --trace " + TRACE + " --memory 32M,64M -j 2 -o "
                + report + " --seed 1");
        // each cell ran with its own memory size: summary.json says so in bytes
        for (JsonNode c : info.get("cells")) {
            JsonNode s = new ObjectMapper().readTree(report.resolve(c.get("dir").asText()).resolve("summary.json").toFile());
            long expected = c.get("config").asText().equals("memory=32M") ? 32L << 20 : 64L << 20;
            assertThat(s.get("memoryBytes").asLong()).isEqualTo(expected);
            assertThat(s.get("strategy").asText()).isEqualTo(c.get("strategy").asText());
            // the dispatch log, gzipped: blktrace's magic 0x65617400 (version in the low byte) once unzipped
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(
                    report.resolve(c.get("dir").asText()).resolve("dispatch.blktrace.0.gz")))) {
                byte[] head = in.readNBytes(4);
                int magic = java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                assertThat(magic & 0xffffff00).isEqualTo(0x65617400);
            }
        }
        assertThat(Files.readAllLines(report.resolve("summary.csv"))).hasSize((int) cells + 1);
        assertThat(report.resolve("index.html")).isNotEmptyFile();
        assertThat(out.toString()).contains(cells + " cells (1 traces x 2 configurations x " + strategies() + " strategies)",
                "report: " + report.toAbsolutePath().resolve("index.html"));
    }

    @Test
    void runsRepeatEachCellWithSeedsThatChangeTheRunAndTheTextTableTestsTheDifferences() throws IOException {
        Path report = dir.resolve("report");
        Path randomWrites = Path.of("../traces/samples/synth-rand-write-16k.csv");
        Path sweep = dir.resolve("readme.sweep"); // the README's example: reclaim meets dirty pages
        Files.writeString(sweep, "memory = 32M\ndirty-bytes = 1G\ndirty-background-bytes = 512M\n");
        assertThat(run("compare", "--trace", randomWrites.toString(), "--sweep", sweep.toString(), "--strategy",
                "writepage,no-reclaim-writeback", "--runs", "3", "--format", "text", "-o", report.toString()))
                .as(err.toString()).isZero();
        JsonNode info = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(info.get("runs").asInt()).isEqualTo(3);
        assertThat(info.get("baseline").asText()).isEqualTo("no-reclaim-writeback");
        assertThat(info.get("version").asText()).startsWith("wbreplay ");
        assertThat(info.get("commit").asText()).isNotBlank();
        assertThat(info.get("variation").asText()).contains("rotational position random");
        assertThat(info.get("sweep").asText()).contains("dirty-bytes = 1G");
        assertThat(info.get("cells")).hasSize(6);
        assertThat(info.get("cells")).extracting(c -> c.get("run").asInt()).containsExactly(0, 1, 2, 0, 1, 2);
        // the three runs of a cell really differ: different seeds move the disk, the arrivals and the layout
        java.util.Set<Long> stalls = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonNode s = new ObjectMapper().readTree(report.resolve(info.get("cells").get(i).get("dir").asText())
                    .resolve("summary.json").toFile());
            stalls.add(s.get("stallNs").get("total").asLong());
        }
        assertThat(stalls).as("total stall of the three runs of writepage").hasSize(3);
        // the compare-kernels table: mean with the gain over the baseline and a test mark, and a Stddev row;
        // writepage's reclaim writes stall the writers far longer than the baseline (README: about 6x)
        String text = out.toString();
        String stall = text.lines().filter(l -> l.startsWith("stall total (s)")).findFirst().orElseThrow();
        assertThat(stall).contains("Amean").containsPattern("\\(-\\d+\\.\\d\\d%\\)\\*");
        assertThat(text).contains("Stddev").contains("Welch's t-test").contains("Ops Kswapd efficiency %");
        assertThat(Files.readString(report.resolve("index.html"))).contains("3 times").contains("Welch");
    }

    @Test
    void shardsMergeIntoTheSameReportAsTheWholeSweep() throws IOException {
        Path whole = dir.resolve("whole");
        Path s1 = dir.resolve("s1");
        Path s2 = dir.resolve("s2");
        Path merged = dir.resolve("merged");
        List<String> common = List.of("compare", "--trace", TRACE, "--memory", "32M,64M", "-j", "1");
        assertThat(run(args(common, "-o", whole.toString()))).as(err.toString()).isZero();
        assertThat(run(args(common, "--shard", "1/2", "-o", s1.toString()))).as(err.toString()).isZero();
        assertThat(run(args(common, "--shard", "2/2", "-o", s2.toString()))).as(err.toString()).isZero();
        assertThat(run("merge", "-o", merged.toString(), s1.toString(), s2.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(merged.resolve("summary.csv"))).isEqualTo(Files.readString(whole.resolve("summary.csv")));
    }

    @Test
    void badSweepsAreRefusedBeforeAnythingRuns() throws IOException {
        Path report = dir.resolve("report");
        assertThat(run("compare", "--trace", TRACE, "--memory", "lots", "-o", report.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("wbreplay: ").contains("memory=lots", "'lots' is not a size");
        Path sweep = dir.resolve("sweep.txt");
        Files.writeString(sweep, "# two memory sizes\nmemory = 32M, 64M\nthis line has no equals sign\n");
        assertThat(run("compare", "--trace", TRACE, "--sweep", sweep.toString(), "-o", report.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("sweep.txt: line 3: expected 'key = value");
        assertThat(run("compare", "--trace", TRACE, "--shard", "3/2", "-o", report.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("--shard K/N needs 1 <= K <= N, got 3/2");
        assertThat(report.resolve("report.json")).doesNotExist();
    }

    @Test
    void aSweepSetsAFlagWithTrueAndLeavesItOutWithFalse() throws IOException {
        Path sweep = dir.resolve("flags.sweep");
        Files.writeString(sweep, "fs-delalloc-ascending = false, true\n");
        Path report = dir.resolve("report");
        assertThat(run("compare", "--trace", TRACE, "--strategy", "write-ahead", "--sweep", sweep.toString(), "-o",
                report.toString())).as(err.toString()).isZero();
        JsonNode info = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(info.get("cells")).extracting(c -> c.get("config").asText())
                .containsExactly("fs-delalloc-ascending=false", "fs-delalloc-ascending=true");
        Files.writeString(sweep, "fs-delalloc-ascending = yes\n");
        Path bad = dir.resolve("bad");
        assertThat(run("compare", "--trace", TRACE, "--sweep", sweep.toString(), "-o", bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("'fs-delalloc-ascending' is a flag: expected true or false, not 'yes'");
    }

    @Test
    void everyReplayOptionSweepsFromTheCommandLine() throws IOException {
        Path report = dir.resolve("report");
        assertThat(run("compare", "--trace", TRACE, "--strategy", "writepage", "--dirty-bytes", "8M,16M", "--closed-loop",
                "false,true", "-o", report.toString())).as(err.toString()).isZero();
        JsonNode info = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(info.get("cells")).extracting(c -> c.get("config").asText()).containsExactly(
                "dirty-bytes=8M closed-loop=false", "dirty-bytes=8M closed-loop=true",
                "dirty-bytes=16M closed-loop=false", "dirty-bytes=16M closed-loop=true");
        assertThat(run("compare", "--trace", TRACE, "--nr-requests", "x", "-o", dir.resolve("bad").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("(nr-requests=x): 'x' is not an int");
    }

    private static String[] args(List<String> common, String... more) {
        String[] all = common.toArray(new String[common.size() + more.length]);
        System.arraycopy(more, 0, all, common.size(), more.length);
        return all;
    }
}
