package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * As a user would check it: {@code trace convert} a shipped trace to blktrace, let the real
 * {@code blkparse -d} and {@code btt -X} read what we wrote, and require {@code trace stats --json} to
 * print btt's D2D and Q2Q seek numbers (nseeks, mean, median, mode, mode count) for every device, both
 * for our blktrace file and for the original trace. Skipped where blktrace's tools are not installed.
 */
class StatsMatchesBttTest {
    private static final Pattern BTT_ROW =
            Pattern.compile("^\\s*(QSK|DSK) (\\d+,\\d+) (\\d+) ([-\\d.]+) (-?\\d+) (-?\\d+) (\\d+)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        "../traces/samples/tracefs-loop-fio-randwrite-4k.txt",
        "../traces/samples/tracefs-loop-dd-seqwrite.txt",
        "../traces/src/test/resources/tracepoint/loop-tracefs.txt",
        "../traces/src/test/resources/tracepoint/loop-perf-script.txt",
        "../traces/src/test/resources/blktrace/all-actions.txt",
        "/work/shared/traces-public/blktrace-takeoverjp/sample.blktrace.0",
    })
    void seekTablesEqualBtts(String source) throws Exception {
        assumeTrue(onPath("blkparse") && onPath("btt"), "blktrace's blkparse and btt are not installed");
        Path trace = Path.of(source);
        assumeTrue(Files.isReadable(trace), "not present: " + trace);
        Path name = dir.resolve("t");
        assertThat(cli("trace", "convert", trace.toString(), name.toString(), "--to", "blktrace")).startsWith("converted ");
        run("blkparse", "-i", "t", "-d", "t.bin", "-o", "/dev/null");
        run("btt", "-i", "t.bin", "-X", "-o", "btt");
        List<String[]> rows = new ArrayList<>();
        Matcher m = BTT_ROW.matcher(Files.readString(dir.resolve("btt.xvg"), StandardCharsets.ISO_8859_1));
        while (m.find()) {
            rows.add(new String[] {m.group(1).equals("QSK") ? "q2q" : "d2d", m.group(2), m.group(3), m.group(4),
                m.group(5), m.group(6), m.group(7)});
        }
        assertThat(rows).as("btt's seek rows").isNotEmpty();
        for (Path read : List.of(name, trace)) {
            String json = cli("trace", "stats", read.toString(), "--json");
            for (String[] row : rows) {
                String table = table(json, row[1], row[0]);
                String what = read + " " + row[1] + " " + row[0];
                assertThat(field(table, "nseeks")).as(what + " nseeks").isEqualTo(row[2]);
                assertThat(new BigDecimal(field(table, "mean"))).as(what + " mean").isEqualByComparingTo(row[3]);
                assertThat(field(table, "median")).as(what + " median").isEqualTo(row[4]);
                assertThat(field(table, "mode")).as(what + " mode").isEqualTo(row[5]);
                assertThat(field(table, "modeCount")).as(what + " modeCount").isEqualTo(row[6]);
            }
        }
    }

    /** The {@code {...}} of table {@code q2q|d2d} of device {@code "MAJ,MIN"} in our JSON. */
    private static String table(String json, String device, String table) {
        int at = json.indexOf("\"" + device + "\": {");
        assertThat(at).as("device %s in %s", device, json).isGreaterThanOrEqualTo(0);
        int from = json.indexOf("\"" + table + "\": {", at);
        return json.substring(from, json.indexOf('}', from));
    }

    private static String field(String table, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (-?[\\d.]+)").matcher(table);
        assertThat(m.find()).as("%s in %s", name, table).isTrue();
        return m.group(1);
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as("wbreplay %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
