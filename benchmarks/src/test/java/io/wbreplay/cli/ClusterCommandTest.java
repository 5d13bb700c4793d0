package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster slurm's scripts, run by bash as Slurm would run them (SlurmClusterTest runs them on a real Slurm). */
class ClusterCommandTest {
    @TempDir
    Path dir;

    private Path sweep() throws IOException {
        return Files.writeString(dir.resolve("tiny.sweep"), "trace = " + Path.of("../traces/samples/synth-rand-write.csv")
                .toAbsolutePath().normalize() + "\nstrategy = no-reclaim-writeback, writepage\nmemory = 16M, 32M\n");
    }

    /** Runs {@code script} with bash and the variables Slurm sets for array task {@code task} of {@code count}. */
    private static void slurmRuns(Path script, Integer task, int count) throws Exception {
        ProcessBuilder b = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(script.resolveSibling(script.getFileName() + "." + task + ".log").toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("SLURM_"));
        if (task != null) {
            b.environment().put("SLURM_ARRAY_TASK_ID", task.toString());
            b.environment().put("SLURM_ARRAY_TASK_MIN", "0");
            b.environment().put("SLURM_ARRAY_TASK_COUNT", Integer.toString(count));
        }
        Process p = b.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(script.resolveSibling(script.getFileName() + "." + task + ".log"))).isZero();
    }

    @Test
    void theArrayScriptsSlicesMergeIntoTheUnshardedReport() throws Exception {
        Path sweep = sweep();
        Cli cli = new Cli();
        Path out = dir.resolve("study");
        assertThat(cli.run("cluster", "slurm", sweep.toString(), "-o", out.toString(), "--tasks", "3", "--partition", "short",
                "--time", "10:00", "--sbatch=--mem=2G", "--", "--seed", "3")).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).startsWith("wrote " + out.resolve("sweep.sbatch") + " (3 tasks, 4 cells) and "
                + out.resolve("merge.sbatch") + "\nsubmit with: jid=$(sbatch --parsable " + out.resolve("sweep.sbatch")
                + ") && sbatch --dependency=afterok:${jid%%;*} " + out.resolve("merge.sbatch"));
        String array = Files.readString(out.resolve("sweep.sbatch"));
        assertThat(array.lines().filter(l -> l.startsWith("#SBATCH"))).containsExactly("#SBATCH --job-name=wbreplay-sweep",
                "#SBATCH --array=0-2", "#SBATCH --cpus-per-task=1", "#SBATCH --output=" + out.resolve("logs") + "/sweep-%a.out",
                "#SBATCH --chdir=" + Path.of("").toAbsolutePath(), "#SBATCH --partition=short", "#SBATCH --time=10:00",
                "#SBATCH --mem=2G");
        for (int task = 0; task < 3; task++) {
            slurmRuns(out.resolve("sweep.sbatch"), task, 3);
        }
        slurmRuns(out.resolve("merge.sbatch"), null, 0);
        Cli whole = new Cli();
        assertThat(whole.run("compare", "--sweep", sweep.toString(), "--seed", "3", "-o", dir.resolve("whole").toString()))
                .as(whole.err.toString()).isZero();
        assertThat(Files.readAllBytes(out.resolve("report/summary.csv")))
                .isEqualTo(Files.readAllBytes(dir.resolve("whole/summary.csv")));
        // the merge job again (the array resubmitted): it replaces the report
        slurmRuns(out.resolve("merge.sbatch"), null, 0);
        assertThat(Files.readAllBytes(out.resolve("report/summary.csv")))
                .isEqualTo(Files.readAllBytes(dir.resolve("whole/summary.csv")));
    }

    @Test
    void aBadSweepOrTaskCountIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path sweep = sweep();
        Cli many = new Cli();
        assertThat(many.run("cluster", "slurm", sweep.toString(), "-o", dir.resolve("a").toString(), "--tasks", "5")).isEqualTo(1);
        assertThat(many.err.toString().strip()).isEqualTo("wbreplay: --tasks 5: the sweep has 4 cell(s); give 1 to 4");
        Cli out = new Cli();
        assertThat(out.run("cluster", "slurm", sweep.toString(), "-o", dir.resolve("b").toString(), "--", "-o", "x")).isEqualTo(1);
        assertThat(out.err.toString().strip()).isEqualTo("wbreplay: compare option '-o': cluster slurm sets it (-o, --shard, -j)");
        Files.writeString(dir.resolve("bad.sweep"), "trace = " + dir.resolve("missing.csv") + "\n");
        Cli bad = new Cli();
        assertThat(bad.run("cluster", "slurm", dir.resolve("bad.sweep").toString(), "-o", dir.resolve("c").toString())).isEqualTo(1);
        assertThat(bad.err.toString()).contains("missing.csv");
        assertThat(List.of(dir.resolve("a"), dir.resolve("b"), dir.resolve("c"))).allMatch(p -> !Files.exists(p));
    }

    @Test
    void theJobIdIsWhatSbatchParsablePrints() throws Exception {
        assertThat(ClusterCommand.Slurm.jobId("sbatch", 0, "4711")).isEqualTo("4711");
        assertThat(ClusterCommand.Slurm.jobId("sbatch", 0, "4711;cluster2")).isEqualTo("4711");
        assertThatThrownBy(() -> ClusterCommand.Slurm.jobId("sbatch --parsable x", 1,
                "sbatch: error: Batch job submission failed: Invalid partition name specified"))
                .hasMessage("sbatch --parsable x: exit status 1: sbatch: error: Batch job submission failed: Invalid partition name specified");
        assertThatThrownBy(() -> ClusterCommand.Slurm.jobId("sbatch", 0, "")).hasMessage("sbatch: expected a job id");
    }
}
