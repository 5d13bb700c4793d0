package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateAndStatsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void generateIsDeterministicAndStatsReadsIt() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        assertThat(run("trace", "generate", "rand-write", "--count", "300", "--file-size", "1M", "--seed", "5", "-o", a.toString()).exit()).isZero();
        assertThat(run("trace", "generate", "rand-write", "--count", "300", "--file-size", "1M", "--seed", "5", "-o", b.toString()).exit()).isZero();
        assertThat(run("trace", "generate", "rand-write", "--count", "300", "--file-size", "1M", "--seed", "6", "-o", c.toString()).exit()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b)).isNotEqualTo(Files.readAllBytes(c));

        Run stats = run("trace", "stats", "--json", a.toString());
        assertThat(stats.exit()).isZero();
        // OPEN + 300 writes + FSYNC + CLOSE
        assertThat(stats.out()).contains("\"records\": 303,").contains("\"bytes\": " + 300 * 4096 + ",")
                .contains("\"format\": \"wbreplay-csv\"").contains("\"f0\": {").contains("\"nseeks\": 300,");
        Run text = run("trace", "stats", a.toString());
        assertThat(text.out()).contains("writes       300  (100.0 %)  1.2 MiB").contains("f0           Q2Q");
    }

    @Test
    void helpListsEveryWorkload() {
        String help = run("trace", "generate", "--help").out();
        for (String name : new String[] {"seq-write", "rand-write", "streams", "zipf", "small-files", "mmap-dirty",
            "mixed", "reclaim-hazards", "memory-hog"}) {
            assertThat(help).containsPattern("\n  " + name + " +\\S");
        }
        assertThat(run("trace", "stats", "--help").out()).contains("Q2Q from QUEUE events").contains("--lenient");
    }

    @Test
    void memoryHogWritesASchedule() throws IOException {
        Path f = dir.resolve("hog.csv");
        assertThat(run("trace", "generate", "memory-hog", "--hog-bytes", "4K", "--hog-duration", "2ms", "--hog-steps", "2",
                "-o", f.toString()).exit()).isZero();
        assertThat(Files.readString(f)).isEqualTo("time_ns,pinned_bytes\n0,0\n1000000,2048\n2000000,4096\n");
        Run bad = run("trace", "generate", "memory-hog", "--to", "wbreplay-csv", "-o", dir.resolve("x").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("wbreplay: memory-hog writes a schedule");
    }

    @Test
    void errorsAreOneLineAndLeaveNoFile() throws IOException {
        Path out = dir.resolve("never.csv");
        Run unknown = run("trace", "generate", "nope", "-o", out.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("wbreplay: unknown workload 'nope'; known: seq-write, rand-write, streams, "
                + "zipf, small-files, mmap-dirty, mixed, reclaim-hazards, memory-hog" + System.lineSeparator());
        Run badFormat = run("trace", "generate", "seq-write", "--to", "bogus", "-o", out.toString());
        assertThat(badFormat.err()).startsWith("wbreplay: unknown trace format 'bogus'");
        Run badSize = run("trace", "generate", "seq-write", "--block-size", "4Q", "-o", out.toString());
        assertThat(badSize.exit()).isNotZero();
        assertThat(badSize.err()).contains("'4Q' is not a size");
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }

        Run missing = run("trace", "stats", dir.resolve("missing.csv").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("wbreplay: no such file");
    }

    @Test
    void lenientStatsReportWhatWasSkipped() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n"
                + "0,QUEUE,WRITE,1,0,8:0,2048,,,4096,,0\n1,QUEUE,WRITE,1,0,8:0\n2,QUEUE,READ,1,0,8:0,0,,,4096,,0\n");
        Run strict = run("trace", "stats", f.toString());
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.err()).contains("line 3: expected 12 columns");
        Run lenient = run("trace", "stats", "--lenient", "--json", f.toString());
        assertThat(lenient.exit()).isZero();
        assertThat(lenient.out()).contains("\"records\": 2,").contains("\"skipped\": 1,").contains("\"8,0\": {");
        // Q2Q on 8,0: 2048 (first), then 0 - 2048 = -2048: mean 2048
        assertThat(lenient.out()).contains("\"q2q\": {\n        \"nseeks\": 2,\n        \"mean\": 2048,");
        assertThat(lenient.err()).contains("skipped 1 malformed record(s)");
    }
}
