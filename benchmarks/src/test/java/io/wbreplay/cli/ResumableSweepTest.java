package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare picks up where a killed run stopped, and --shard auto takes its slice from a job array's environment. */
class ResumableSweepTest {
    @TempDir
    Path dir;

    private Path trace;

    @BeforeEach
    void copyTrace() throws IOException {
        trace = Files.copy(Path.of("../traces/samples/synth-rand-write.csv"), dir.resolve("synth-rand-write.csv"));
    }

    /** 8 cells, one at a time: slow enough to kill the run between cells. */
    private List<String> compare(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("compare", "--trace", trace.toString(), "--strategy",
                "no-reclaim-writeback,writepage", "--memory", "16M,20M,24M,32M", "-j", "1", "-o", dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static List<Path> cells(Path report, boolean finished) throws IOException {
        if (!Files.isDirectory(report.resolve("cells"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(report.resolve("cells"))) {
            return s.filter(c -> finished == !c.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static Process wbreplay(Path cwd, Map<String, String> env, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("child.log").toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.equals("JOB_COMPLETION_INDEX"));
        b.environment().putAll(env);
        return b.start();
    }

    @Test
    void aCompareKilledMidSweepFinishesWithTheSameSummaryWhenRunAgain() throws Exception {
        Cli full = new Cli();
        assertThat(full.run(compare("full").toArray(new String[0]))).as(full.err.toString()).isZero();
        byte[] expected = Files.readAllBytes(dir.resolve("full/summary.csv"));

        Path report = dir.resolve("resumed");
        Process p = wbreplay(dir, Map.of(), compare("resumed"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // kill -9 once two cells are finished and a third is half-written
        while (cells(report, true).size() < 2 || cells(report, false).isEmpty()) {
            assertThat(p.isAlive()).as("the run ended before it could be killed: " + Files.readString(dir.resolve("child.log")))
                    .isTrue();
            assertThat(System.nanoTime()).as("two finished cells within 120 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int finished = cells(report, true).size();
        assertThat(finished).isBetween(2, 7);
        // the half-written cell seen just before the kill is usually still there (unless it finished in between)
        assertThat(report.resolve("summary.csv")).doesNotExist();

        Cli again = new Cli();
        assertThat(again.run(compare("resumed").toArray(new String[0]))).as(again.err.toString()).isZero();
        assertThat(again.out.toString()).contains("8 cells (1 traces x 4 configurations x 2 strategies, "
                + finished + " already finished)");
        assertThat(Files.readAllBytes(report.resolve("summary.csv"))).isEqualTo(expected);
        assertThat(cells(report, false)).as("temporary cell directories left").isEmpty();

        Cli forced = new Cli();
        assertThat(forced.run(compare("resumed", "--force").toArray(new String[0]))).as(forced.err.toString()).isZero();
        assertThat(forced.out.toString()).contains("8 cells (1 traces x 4 configurations x 2 strategies) in");
        assertThat(Files.readAllBytes(report.resolve("summary.csv"))).isEqualTo(expected);
    }

    @Test
    void aChangedInputOrSeedRunsTheCellsAgain() throws Exception {
        Cli first = new Cli();
        assertThat(first.run(compare("r").toArray(new String[0]))).as(first.err.toString()).isZero();
        Files.setLastModifiedTime(trace, FileTime.fromMillis(Files.getLastModifiedTime(trace).toMillis() - 60_000));
        Cli touched = new Cli();
        assertThat(touched.run(compare("r").toArray(new String[0]))).as(touched.err.toString()).isZero();
        assertThat(touched.out.toString()).contains("strategies) in").doesNotContain("already finished");
        Cli seeded = new Cli();
        assertThat(seeded.run(compare("r", "--seed", "2").toArray(new String[0]))).as(seeded.err.toString()).isZero();
        assertThat(seeded.out.toString()).contains("strategies) in").doesNotContain("already finished");
        Cli same = new Cli();
        assertThat(same.run(compare("r", "--seed", "2").toArray(new String[0]))).as(same.err.toString()).isZero();
        assertThat(same.out.toString()).contains("8 already finished");
    }

    @Test
    void aChangedFileNamedByAnOptionRunsTheCellsAgain() throws Exception {
        Path hog = Files.copy(Path.of("../traces/samples/memory-hog-24m-20ms.csv"), dir.resolve("hog.csv"));
        String[] args = {"compare", "--trace", trace.toString(), "--strategy", "no-reclaim-writeback,writepage", "--memory",
            "64M", "--pinned", hog.toString(), "-o", dir.resolve("p").toString()};
        Cli first = new Cli();
        assertThat(first.run(args)).as(first.err.toString()).isZero();
        Cli again = new Cli();
        assertThat(again.run(args)).as(again.err.toString()).isZero();
        assertThat(again.out.toString()).contains("2 already finished");
        Files.setLastModifiedTime(hog, FileTime.fromMillis(Files.getLastModifiedTime(hog).toMillis() - 60_000));
        Cli touched = new Cli();
        assertThat(touched.run(args)).as(touched.err.toString()).isZero();
        assertThat(touched.out.toString()).contains("strategies) in").doesNotContain("already finished");
    }

    @Test
    void shardsOfASlurmArrayMergeIntoTheUnshardedReport() throws Exception {
        Cli full = new Cli();
        assertThat(full.run(compare("full").toArray(new String[0]))).as(full.err.toString()).isZero();
        List<String> merge = new ArrayList<>(List.of("merge", "-o", dir.resolve("merged").toString()));
        for (int id = 3; id <= 5; id++) { // sbatch --array=3-5: slices 1/3, 2/3, 3/3
            Process p = wbreplay(dir, Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(id), "SLURM_ARRAY_TASK_MIN", "3",
                    "SLURM_ARRAY_TASK_COUNT", "3"), compare("shard" + id, "--shard", "auto"));
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
            assertThat(Files.readString(dir.resolve("child.log"))).contains("shard " + (id - 2) + "/3");
            merge.add(dir.resolve("shard" + id).toString());
        }
        Cli merged = new Cli();
        assertThat(merged.run(merge.toArray(new String[0]))).as(merged.err.toString()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("merged/summary.csv")))
                .isEqualTo(Files.readAllBytes(dir.resolve("full/summary.csv")));
    }
}
