package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 causes 16-18 (and issue 17's merge hygiene): shards of one sweep only, nothing left on failure. */
class ReportHygieneTest {
    static final String TRACE = "../traces/samples/synth-rand-write.csv";

    @TempDir
    static Path shards;

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @BeforeAll
    static void threeShards() {
        for (int k = 1; k <= 3; k++) {
            Cli c = new Cli();
            assertThat(c.run("compare", "--trace", TRACE, "--strategy", "writepage,no-reclaim-writeback,write-around",
                    "--memory", "32M", "--shard", k + "/3", "-o", shards.resolve("s" + k).toString())).as(c.err.toString()).isZero();
        }
        Cli c = new Cli();
        assertThat(c.run("compare", "--trace", "../traces/samples/synth-seq-write.csv", "--strategy",
                "writepage,no-reclaim-writeback,write-around", "--memory", "32M", "--shard", "3/3",
                "-o", shards.resolve("other").toString())).as(c.err.toString()).isZero();
    }

    private String error() {
        String err = cli.err.toString().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        return err;
    }

    private static List<String> hidden(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    private String shard(String name) {
        return shards.resolve(name).toString();
    }

    @Test
    void cause16_anIncompleteSetOfShardsIsRefusedUnlessAllowed() throws IOException {
        Path out = dir.resolve("m");
        assertThat(cli.run("merge", "-o", out.toString(), shard("s1"), shard("s2"))).isEqualTo(1);
        assertThat(error()).isEqualTo("wbreplay: shard(s) 3 of 3 missing: the merged report would lack their cells"
                + " (pass --allow-partial to merge what is there)");
        assertThat(out).doesNotExist();
        assertThat(cli.run("merge", "-o", out.toString(), "--allow-partial", shard("s1"), shard("s2"))).isZero();
        assertThat(out.resolve("index.html")).exists();
        Path all = dir.resolve("all");
        assertThat(cli.run("merge", "-o", all.toString(), shard("s3"), shard("s1"), shard("s2"))).isZero();
        assertThat(Files.readString(all.resolve("report.json"))).contains("\"index\" : 2");
    }

    @Test
    void cause16_shardsOfAnotherSweepAreRefused() {
        Path out = dir.resolve("m");
        assertThat(cli.run("merge", "-o", out.toString(), shard("s1"), shard("s2"), shard("other"))).isEqualTo(1);
        assertThat(error()).startsWith("wbreplay: " + shard("other") + ": its sweep (").endsWith("these are not shards of one sweep");
        assertThat(cli.run("merge", "-o", out.toString(), "--allow-partial", shard("s1"), shard("other"))).isEqualTo(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void cause17_aFailedMergeLeavesNothingAndNamesTheShardsFile() throws IOException {
        Path bad = dir.resolve("s3bad");
        try (Stream<Path> s = Files.walk(shards.resolve("s3"))) { // a copy of shard 3
            for (Path p : s.toList()) {
                Files.copy(p, bad.resolve(shards.resolve("s3").relativize(p).toString()));
            }
        }
        Path hlog;
        try (Stream<Path> s = Files.walk(bad)) {
            hlog = s.filter(p -> p.getFileName().toString().equals("histograms.hlog")).findFirst().orElseThrow();
        }
        byte[] all = Files.readAllBytes(hlog);
        Files.write(hlog, java.util.Arrays.copyOf(all, 300));
        Path out = dir.resolve("m");
        assertThat(cli.run("merge", "-o", out.toString(), shard("s1"), shard("s2"), bad.toString())).isEqualTo(1);
        assertThat(error()).startsWith("wbreplay: " + hlog + ": not a readable HdrHistogram log");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("s3bad");
        }
        // cause 18: report on the same shard fails the same way and leaves no hidden temporary file
        cli.err.getBuffer().setLength(0);
        Files.writeString(bad.resolve("summary.csv"), "left as it was"); // report checks every cell before writing
        assertThat(cli.run("report", bad.toString())).isEqualTo(1);
        assertThat(Files.readString(bad.resolve("summary.csv"))).isEqualTo("left as it was");
        assertThat(error()).startsWith("wbreplay: " + hlog + ": not a readable HdrHistogram log");
        assertThat(hidden(bad)).isEmpty();
    }
}
