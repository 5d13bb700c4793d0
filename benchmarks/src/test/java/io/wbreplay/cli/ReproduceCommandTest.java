package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {
    static final String DEFINITIONS = "../traces/samples/reproduce";

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void listsThePublishedExperiments() {
        assertThat(cli.run("reproduce", "--definitions", DEFINITIONS)).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString().lines().map(l -> l.split(" ")[0]).toList())
                .containsExactly("gorman-2010", "gorman-2011", "morton-referenced", "wu-2012");
    }

    @Test
    void anUnknownExperimentIsOneLineNamingTheKnownOnes() {
        assertThat(cli.run("reproduce", "nosuch", "--definitions", DEFINITIONS, "-o", dir.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).isEqualTo("wbreplay: no experiment 'nosuch' in " + DEFINITIONS
                + " (known: gorman-2010, gorman-2011, morton-referenced, wu-2012)" + System.lineSeparator());
    }

    @Test
    void aBadSweepInADefinitionIsOneLineNamingTheDefinitionAndTheCell() throws IOException {
        Path def = dir.resolve("tiny.json");
        Files.writeString(def, """
                {"name": "tiny", "title": "t", "source": "s", "setup": "s", "scaling": "s",
                 "generate": ["seq-write", "--file-size", "64K"], "sweep": "tiny.sweep",
                 "arms": {"a": {"strategy": "writepage"}},
                 "claims": [{"claim": "c", "metric": "simulatedSeconds", "published": {"a": 1}, "criteria": ["a > 0"]}]}
                """);
        Files.writeString(dir.resolve("tiny.sweep"), "strategy = writepage\nmemory = lots\n");
        assertThat(cli.run("reproduce", def.toString(), "-o", dir.resolve("out").toString())).isEqualTo(1);
        assertThat(cli.err.toString().lines().toList()).hasSize(1).first().asString()
                .startsWith("wbreplay: " + def + ": running the sweep: cell 0 (").contains("lots");
        assertThat(dir.resolve("out/report.md")).doesNotExist();
    }

    /**
     * wu-2012 end to end: the workload generated, the sweep run through compare with the sweep key
     * 'kernel', and report.md opening with the verdict table whose numbers are the cells' own.
     */
    @Test
    void wu2012RunsEndToEndAndItsVerdictsComeFromTheCells() throws IOException {
        Path out = dir.resolve("wu");
        assertThat(cli.run("reproduce", "wu-2012", "--definitions", DEFINITIONS, "-o", out.toString(), "-j", "2"))
                .as(cli.err.toString()).isZero();
        String report = Files.readString(out.resolve("report.md"));
        List<String> lines = report.lines().toList();
        assertThat(lines.get(2)).isEqualTo("## Verdicts");
        assertThat(lines.get(4)).isEqualTo("| claim | published | model | verdict |");
        assertThat(lines.subList(6, 9)).allMatch(l -> l.startsWith("| "));
        assertThat(lines.get(6)).contains("| the cgroup goes OOM before the pageout work | before OOM / after no OOM |  | cannot be checked: ");

        // the mean write request, read from the cells' summary.json by hand: 100M + flusher-pageout is 'after',
        // 4G + no-reclaim-writeback is 'global'
        double after = summary(out, "memory-100m-flusher-pageout").get("ioSize").get("mean").asDouble() / 512;
        double global = summary(out, "memory-4g-no-reclaim-writeback").get("ioSize").get("mean").asDouble() / 512;
        assertThat(summary(out, "memory-4g-no-reclaim-writeback").get("kernel").asText()).isEqualTo("3.2");
        String row = lines.get(8);
        assertThat(row).startsWith("| average write request size (sectors) | after 986 / global 1010 | after "
                + String.format(Locale.ROOT, "%.0f", after) + " / global " + String.format(Locale.ROOT, "%.0f", global) + " | ");
        boolean holds = after / global >= 0.85 && after / global <= 1.15;
        assertThat(row).endsWith(holds ? "| reproduced |" : "| not reproduced (fails: after / global within 0.85-1.15) |");
        assertThat(cli.out.toString()).contains(row, "report: " + out.toAbsolutePath().resolve("report.md"));
        assertThat(out.resolve("compare/index.html")).isNotEmptyFile();
    }

    private static JsonNode summary(Path out, String cellSuffix) throws IOException {
        try (Stream<Path> cells = Files.list(out.resolve("compare/cells"))) {
            Path cell = cells.filter(p -> p.getFileName().toString().endsWith(cellSuffix)).findFirst().orElseThrow();
            return new ObjectMapper().readTree(cell.resolve("summary.json").toFile());
        }
    }
}
