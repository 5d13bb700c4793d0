package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.block.QueueConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated runs of one cell: without variation the seed changes nothing (every default run stays as it
 * was); with it, each of the four sources alone makes two seeds give two different runs.
 */
class RunVariationTest {
    private static final Path TRACE = Path.of("../traces/samples/synth-rand-write-16k.csv");

    @TempDir
    Path dir;

    /** summary.json of one replay of the random-write sample in 32 MiB, without the host's wall time. */
    private String summary(long seed, RunVariation v, String name) throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 32L << 20;
        c.dirtyBytes = 1L << 30;
        c.dirtyBackgroundBytes = 512L << 20;
        c.seed = seed;
        c.strategy = "writepage";
        ReplayOptions o = new ReplayOptions();
        o.variation = v;
        Path out = dir.resolve(name);
        new ReplayRun(TRACE, null, false, c, o, "hdd", "deadline", QueueConfig.DEFAULT).execute(out);
        return Files.readAllLines(out.resolve("summary.json")).stream()
                .filter(l -> !l.contains("\"wallSeconds\"")).collect(Collectors.joining("\n"));
    }

    @Test
    void withoutVariationTheSeedChangesNothing() throws Exception {
        assertThat(summary(5, RunVariation.NONE, "seed5")).isEqualTo(summary(1, RunVariation.NONE, "seed1"));
    }

    @Test
    void eachSourceAloneMakesSeedsDiffer() throws Exception {
        RunVariation[] sources = {
            new RunVariation(true, 0, 0, 0),          // rotational position
            new RunVariation(false, 0.05, 0, 0),      // service time
            new RunVariation(false, 0, 1_000_000, 0), // arrival
            new RunVariation(false, 0, 0, 256)};      // extent gaps
        for (int i = 0; i < sources.length; i++) {
            String a = summary(1, sources[i], "v" + i + "-1");
            String b = summary(2, sources[i], "v" + i + "-2");
            assertThat(b).as("source %d: seeds 1 and 2", i).isNotEqualTo(a);
            assertThat(summary(1, sources[i], "v" + i + "-1again")).as("source %d: the same seed again", i).isEqualTo(a);
        }
    }
}
