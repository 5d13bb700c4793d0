package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wbreplay cluster slurm --submit} on a real single-node Slurm cluster that scripts/slurm-test.sh
 * starts and stops; skipped (with the script's reason) where Slurm is missing or cannot run jobs.
 */
class SlurmClusterTest {
    /** The script's own deadline for the jobs, and this test's hard limit on the whole script. */
    private static final int JOBS_SECONDS = 300;
    private static final int HARD_LIMIT_SECONDS = 420;

    @TempDir
    Path dir;

    @Test
    void aFourTaskArrayAndItsMergeJobGiveTheUnshardedSummary() throws Exception {
        Path log = dir.resolve("slurm-test.log");
        ProcessBuilder b = new ProcessBuilder("bash", Path.of("../scripts/slurm-test.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cp = new StringBuilder();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(Path.of(p).toAbsolutePath().normalize());
        }
        b.environment().put("WBREPLAY", String.join(" ", List.of(java, "-cp", cp.toString(), Main.class.getName())));
        b.environment().put("SLURMCTLD_PORT", Integer.toString(freePort()));
        b.environment().put("SLURMD_PORT", Integer.toString(freePort()));
        b.environment().put("WBREPLAY_SLURM_TIMEOUT", Integer.toString(JOBS_SECONDS));
        b.environment().keySet().removeIf(k -> k.startsWith("SLURM_") && !k.endsWith("_PORT")); // not this JVM's own job
        Process p = b.start();
        if (!p.waitFor(HARD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroy(); // SIGTERM: the script stops its daemons
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            assumeTrue(false, "SKIP: scripts/slurm-test.sh did not end within " + HARD_LIMIT_SECONDS + " s: "
                    + Files.readString(log));
        }
        String out = Files.readString(log).strip();
        String last = out.lines().reduce((x, y) -> y).orElse("");
        assumeTrue(p.exitValue() != 77, last);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(last).isEqualTo("merged summary.csv of 4 array tasks equals the unsharded run's (4 cells)");
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
