package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trace stats FILE [--json]} runs without picocli ({@link StatsCommand#plain}, {@link Main#execute}):
 * the same standard output, standard error and exit status as through picocli, for good inputs and bad,
 * and the same command as picocli parses, field by field; any other shape goes through picocli.
 */
class DirectStatsTest {
    static final Path S = Path.of("../traces/samples");

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    private record Outcome(int status, String out, String err) {}

    private static Outcome direct(String... args) {
        assertThat(StatsCommand.plain(args)).as("the direct path takes %s", List.of(args)).isNotNull();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }

    private static Outcome throughPicocli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    private List<Path> inputs() throws IOException {
        List<Path> inputs = new ArrayList<>();
        for (String name : List.of("fio-randwrite-4k.iolog", "synth-rand-write.csv", "synth-reclaim-hazards.csv",
                "tracefs-loop-dd-seqwrite.txt", "handmade-write-around-abba.csv")) {
            inputs.add(S.resolve(name));
        }
        Path gz = dir.resolve("synth-seq-write.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(S.resolve("synth-seq-write.csv"), out);
        }
        inputs.add(gz);
        Path blktrace = dir.resolve("bt");
        assertThat(new Cli().run("trace", "convert", S.resolve("tracefs-loop-fio-randwrite-4k.txt").toString(),
                blktrace.toString(), "--to", "blktrace")).isZero();
        inputs.add(blktrace); // by name
        inputs.add(dir.resolve("bt.blktrace.0")); // by file
        Path truncated = dir.resolve("cut.blktrace.0");
        byte[] whole = Files.readAllBytes(dir.resolve("bt.blktrace.0"));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 7));
        inputs.add(truncated);
        inputs.add(S.resolve("README.md")); // not a trace
        inputs.add(dir.resolve("missing.csv"));
        inputs.add(dir); // a directory
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        inputs.add(empty);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "timestamp_ns,op,file,offset,bytes\n0,WRITE,a,0,4096\nx,WRITE,a,0,4096\n");
        inputs.add(bad);
        Path garbageGz = dir.resolve("garbage.gz");
        Files.write(garbageGz, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        inputs.add(garbageGz);
        return inputs;
    }

    @Test
    void printsAndReturnsWhatPicocliDoes() throws IOException {
        int failures = 0;
        for (Path input : inputs()) {
            String f = input.toString();
            for (String[] args : List.of(new String[] {"trace", "stats", f}, new String[] {"trace", "stats", f, "--json"},
                    new String[] {"trace", "stats", "--json", f})) {
                Outcome picocli = throughPicocli(args);
                assertThat(direct(args)).as(String.join(" ", args)).isEqualTo(picocli);
                failures += picocli.status() == 0 ? 0 : 1;
            }
        }
        assertThat(failures).as("bad inputs among them").isGreaterThanOrEqualTo(3 * 7);
    }

    @Test
    void parsesWhatPicocliParses() throws Exception {
        for (String[] args : List.of(new String[] {"trace", "stats", "t.iolog"}, new String[] {"trace", "stats", "t.iolog", "--json"},
                new String[] {"trace", "stats", "--json", "d/x.blktrace.0"}, new String[] {"trace", "stats", " a=b "})) {
            StatsCommand parsed = new StatsCommand();
            new CommandLine(parsed).parseArgs(java.util.Arrays.copyOfRange(args, 2, args.length));
            StatsCommand plain = StatsCommand.plain(args);
            for (Field field : StatsCommand.class.getDeclaredFields()) {
                if (field.isAnnotationPresent(Option.class) || field.isAnnotationPresent(Parameters.class)) {
                    assertThat(field.get(plain)).as("%s of %s", field.getName(), List.of(args)).isEqualTo(field.get(parsed));
                }
            }
        }
    }

    @Test
    void leavesEveryOtherShapeToPicocli() {
        for (String[] args : List.of(new String[] {"trace", "stats"}, new String[] {"trace", "stats", "--json"},
                new String[] {"trace", "stats", "a", "b"}, new String[] {"trace", "stats", "a", "--json", "--json"},
                new String[] {"trace", "stats", "a", "--lenient"}, new String[] {"trace", "stats", "a", "--format", "msr"},
                new String[] {"trace", "stats", "--json=true", "a"}, new String[] {"trace", "stats", "-h"},
                new String[] {"trace", "stats", "--", "a"}, new String[] {"trace", "stats", "@args"},
                new String[] {"trace", "stats", "-"}, new String[] {"trace", "stats", ""},
                new String[] {"trace", "convert", "a", "b"}, new String[] {"replay", "stats", "a"},
                new String[] {"help", "trace", "stats"}, new String[] {"trace", "stats", "a", "--json", "b"})) {
            assertThat(StatsCommand.plain(args)).as(String.join(" ", args)).isNull();
        }
        // and picocli still answers them: a missing FILE, a repeated option
        assertThat(throughPicocli("trace", "stats", "--json").status()).isEqualTo(2);
    }
}
