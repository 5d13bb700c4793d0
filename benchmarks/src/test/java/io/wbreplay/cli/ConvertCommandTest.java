package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    static final Path T0038 = Path.of("/work/shared/traces-public/fio-iolog-v3/t0038.iolog");
    static final Path TPOINT_EXAMPLE = Path.of("/work/shared/traces-public/ftrace-perf-tools/tpoint_example.txt");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final java.io.StringWriter out = cli.out;
    private final java.io.StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private static List<IoRecord> records(Path file) throws IOException {
        List<IoRecord> list = new ArrayList<>();
        try (TraceReader in = TraceFormats.open(file, null, ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                list.add(r.copy());
            }
        }
        return list;
    }

    @Test
    void convertsThePublicFioLogToFioIologAndBack() throws IOException {
        Path there = dir.resolve("there.iolog");
        Path back = dir.resolve("back.iolog");
        assertThat(run("trace", "convert", T0038.toString(), there.toString(), "--to", "fio-iolog")).as(err.toString()).isZero();
        // 22 records (open, 10 trims, 10 writes, close); the "add" line is not a record
        assertThat(out.toString()).contains("converted 22 records", "(fio-iolog)", "skipped 0 malformed", "ignored 1 other");
        assertThat(records(there)).isEqualTo(records(T0038));

        assertThat(run("trace", "convert", there.toString(), back.toString(), "--to", "fio-iolog", "--format", "fio-iolog"))
                .isZero();
        assertThat(Files.readString(back)).isEqualTo(Files.readString(there));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void tracepointIssuesBecomeFioIoOnTheDevice() throws IOException {
        Path log = dir.resolve("tpoint.iolog");
        assertThat(run("trace", "convert", TPOINT_EXAMPLE.toString(), log.toString(), "--to", "fio-iolog")).isZero();
        // 16 block_rq_issue lines are written; the 2 block_rq_insert lines are another stage of the I/O
        assertThat(out.toString()).contains("converted 16 records", "(tracepoint)", "2 records have no fio-iolog form");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1 + 2 + 16);
        assertThat(lines.get(3)).isEqualTo("0 /dev/block/202:1 write " + 17_039_656L * 512 + " 4096");
    }

    @Test
    void malformedInputFailsWithOneLineAndNoOutput() throws IOException {
        Path bad = dir.resolve("bad.iolog");
        Files.writeString(bad, "fio version 3 iolog\n1 /a add\n2 /a write 0 -1\n");
        Path target = dir.resolve("out.iolog");
        assertThat(run("trace", "convert", bad.toString(), target.toString(), "--to", "fio-iolog")).isEqualTo(1);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith("wbreplay: " + bad + ": line 3: expected the length in bytes");
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void lenientConversionCountsSkippedRecords() throws IOException {
        Path bad = dir.resolve("bad.iolog");
        Files.writeString(bad, "fio version 3 iolog\n1 /a add\n2 /a write 0 -1\n3 /a write 0 4096\n");
        Path target = dir.resolve("out.iolog");
        assertThat(run("trace", "convert", bad.toString(), target.toString(), "--to", "fio-iolog", "--lenient")).isZero();
        assertThat(out.toString()).contains("converted 1 records", "skipped 1 malformed", "line 3");
        assertThat(Files.readAllLines(target)).containsExactly("fio version 3 iolog", "3 /a add", "3 /a write 0 4096");
    }

    @Test
    void refusesReadOnlyTargetsAndUnknownFormats() {
        Path target = dir.resolve("x.csv");
        assertThat(run("trace", "convert", T0038.toString(), target.toString(), "--to", "msr")).isEqualTo(1);
        assertThat(err.toString()).startsWith("wbreplay: the msr format can be read but not written");
        assertThat(run("trace", "convert", T0038.toString(), target.toString(), "--to", "nope")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown trace format 'nope'");
        assertThat(target).doesNotExist();
    }

    @Test
    void blktraceOutputReplacesAWiderTraceAndAnErrorLeavesNothing() throws IOException {
        Path tracefs = Path.of("../traces/src/test/resources/tracepoint/loop-tracefs.txt"); // events on CPUs 0 and 1
        Files.write(dir.resolve("out.blktrace.3"), new byte[] {1, 2, 3}); // an earlier, wider trace's file
        assertThat(run("trace", "convert", tracefs.toString(), dir.resolve("out").toString(), "--to", "blktrace")).isZero();
        assertThat(dir.resolve("out.blktrace.0")).isNotEmptyFile();
        assertThat(dir.resolve("out.blktrace.1")).isNotEmptyFile();
        assertThat(dir.resolve("out.blktrace.3")).doesNotExist();

        // line 60 cut short in the middle of its event
        List<String> lines = new ArrayList<>(Files.readAllLines(tracefs).subList(0, 60));
        lines.set(59, lines.get(59).substring(0, lines.get(59).indexOf("()")));
        Path cut = dir.resolve("cut.txt");
        Files.write(cut, lines);
        assertThat(run("trace", "convert", cut.toString(), dir.resolve("partial").toString(), "--to", "blktrace"))
                .isEqualTo(1);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith("wbreplay: " + cut + ": line 60: block_rq_insert: expected");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("partial"));
        }
        assertThat(leftovers()).isEmpty();
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
