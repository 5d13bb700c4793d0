package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict logic of {@code wbreplay reproduce} on hand-made numbers: each criterion holds and fails
 * where arithmetic by hand says it should, and the shipped definitions parse.
 */
class ReproductionTest {
    @TempDir
    Path dir;

    private static final Map<String, Double> PUBLISHED = Map.of("traceonly", 460459.0, "nodirect", 843545.0);

    private static boolean holds(String criterion, Map<String, Double> model) {
        return Criterion.parse(criterion).check(model, PUBLISHED).pass();
    }

    @Test
    void directionHoldsOnlyTheWayItIsWritten() {
        assertThat(holds("nodirect > traceonly", Map.of("nodirect", 20.0, "traceonly", 10.0))).isTrue();
        assertThat(holds("nodirect > traceonly", Map.of("nodirect", 10.0, "traceonly", 20.0))).isFalse();
        assertThat(holds("nodirect > traceonly", Map.of("nodirect", 10.0, "traceonly", 10.0))).isFalse(); // a tie is no direction
        assertThat(holds("nodirect < traceonly", Map.of("nodirect", 9.0, "traceonly", 10.0))).isTrue();
        assertThat(holds("nodirect == 0", Map.of("nodirect", 0.0))).isTrue();
        assertThat(holds("nodirect == 0", Map.of("nodirect", 1.0))).isFalse();
        assertThat(holds("nodirect > 0", Map.of("nodirect", 0.0))).isFalse();
    }

    @Test
    void magnitudeIsTheModelRatioAgainstThePublishedOne() {
        // published nodirect / traceonly = 843545 / 460459 = 1.8320; 0.5x-2x of it is 0.916 to 3.664
        String c = "nodirect / traceonly within 0.5-2 x published";
        assertThat(holds(c, Map.of("nodirect", 92.0, "traceonly", 100.0))).isTrue();   // 0.92
        assertThat(holds(c, Map.of("nodirect", 91.0, "traceonly", 100.0))).isFalse();  // 0.91 < 0.916
        assertThat(holds(c, Map.of("nodirect", 366.0, "traceonly", 100.0))).isTrue();  // 3.66
        assertThat(holds(c, Map.of("nodirect", 367.0, "traceonly", 100.0))).isFalse(); // 3.67 > 3.664
        // a plain ratio and a plain range
        assertThat(holds("nodirect / traceonly within 0.85-1.15", Map.of("nodirect", 1016.0, "traceonly", 1023.0))).isTrue();
        assertThat(holds("nodirect / traceonly within 0.85-1.15", Map.of("nodirect", 800.0, "traceonly", 1023.0))).isFalse();
        assertThat(holds("nodirect within 900-1024", Map.of("nodirect", 1024.0))).isTrue();
        assertThat(holds("nodirect within 900-1024", Map.of("nodirect", 1025.0))).isFalse();
    }

    @Test
    void aValueTheRunDidNotProduceFails() {
        assertThat(holds("nodirect > traceonly", Map.of("nodirect", 1.0))).isFalse();
        assertThat(holds("nodirect / traceonly within 0.5-2 x published", Map.of("nodirect", 0.0, "traceonly", 0.0))).isFalse();
    }

    @Test
    void aClaimIsReproducedOnlyWhenEveryCriterionHolds() {
        Reproduction.Claim claim = new Reproduction.Claim("kswapd file writes", "pagesWrittenByReclaim", null, null, "pages",
                Map.of("traceonly", 460459, "nodirect", 843545),
                List.of("nodirect > traceonly", "nodirect / traceonly within 0.5-2 x published"), null, null);
        assertThat(Reproduction.judge(claim, Map.of("nodirect", 1500.0, "traceonly", 1000.0)).verdict())
                .isEqualTo(Reproduction.Verdict.REPRODUCED); // right way, 1.5 / 1.83 = 0.82x
        assertThat(Reproduction.judge(claim, Map.of("nodirect", 5000.0, "traceonly", 1000.0)).verdict())
                .isEqualTo(Reproduction.Verdict.NOT_REPRODUCED); // right way, 5 / 1.83 = 2.7x too much
        assertThat(Reproduction.judge(claim, Map.of("nodirect", 900.0, "traceonly", 1000.0)).verdict())
                .isEqualTo(Reproduction.Verdict.NOT_REPRODUCED); // wrong way
        Reproduction.Claim unmodelled = new Reproduction.Claim("OOM", "simulatedSeconds", null, null, null,
                Map.of("before", "OOM"), null, "no OOM killer", null);
        assertThat(Reproduction.judge(unmodelled, Map.of()).verdict()).isEqualTo(Reproduction.Verdict.NOT_MODELLED);
    }

    @Test
    void theVerdictTableNamesTheFailingCriterion() {
        Map<String, Object> published = new java.util.LinkedHashMap<>(); // file order, as Jackson reads it
        published.put("a", 19.75);
        published.put("b", 29.33);
        Reproduction.Claim claim = new Reproduction.Claim("stall", "x", null, null, "s", published,
                List.of("b > a"), null, null);
        Map<String, Double> model = new java.util.LinkedHashMap<>();
        model.put("a", 2.0);
        model.put("b", 1.0);
        String table = ReproductionReport.table(List.of(Reproduction.judge(claim, model)));
        assertThat(table.lines().toList()).containsExactly("| claim | published | model | verdict |", "|---|---|---|---|",
                "| stall (s) | a 19.75 / b 29.33 | a 2 / b 1 | not reproduced (fails: b > a) |");
    }

    @Test
    void malformedCriteriaAndDefinitionsSayWhatWasExpected() throws IOException {
        assertThatThrownBy(() -> Criterion.parse("nodirect >> traceonly")).hasMessageContaining("expected 'A > B'");
        Path bad = dir.resolve("x.json");
        Files.writeString(bad, "{\"name\": \"x\", \"title\": \"t\", \"source\": \"s\", \"setup\": \"s\", \"scaling\": \"s\","
                + " \"generate\": [\"seq-write\"], \"sweep\": \"x.sweep\", \"arms\": {\"a\": {\"strategy\": \"writepage\"}},"
                + " \"claims\": [{\"claim\": \"c\", \"metric\": \"m\", \"published\": {\"a\": 1}, \"criteria\": [\"a > b\"]}]}");
        assertThatThrownBy(() -> Reproduction.read(bad)).hasMessage(bad + ": claim 'c': criterion 'a > b' names unknown arm 'b'");
        Files.writeString(bad, "{\"name\": \"x\",\n \"nonsense\": 1}");
        assertThatThrownBy(() -> Reproduction.read(bad)).hasMessageStartingWith(bad + ": line 2: ");
    }

    @Test
    void aMetricMissingFromARunIsAnErrorNotAVerdict() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("summary.json"), "{\"simulatedSeconds\": 4.0, \"counters\": {\"allocstall\": 3}}");
        Reproduction.Claim ok = new Reproduction.Claim("files/s", "simulatedSeconds", 100.0, true, null, Map.of("a", 1),
                List.of("a > 0"), null, null);
        Reproduction r = new Reproduction("x", "t", "s", "s", "s", List.of("seq-write"), "x.sweep",
                Map.of("a", Map.of()), List.of(ok));
        List<Reproduction.Outcome> outcomes = ReproductionReport.judge(r, Map.of("a", RunDirectory.open(run)));
        assertThat(outcomes.get(0).model()).containsEntry("a", 25.0); // 100 files / 4 s
        Reproduction.Claim typo = new Reproduction.Claim("c", "counters.alocstall", null, null, null, Map.of("a", 1),
                List.of("a > 0"), null, null);
        Reproduction bad = new Reproduction("x", "t", "s", "s", "s", List.of("seq-write"), "x.sweep",
                Map.of("a", Map.of()), List.of(typo));
        assertThatThrownBy(() -> ReproductionReport.judge(bad, Map.of("a", RunDirectory.open(run))))
                .hasMessage("x: claim 'c': no number 'counters.alocstall' in " + run.resolve("summary.json"));
    }

    @Test
    void theShippedDefinitionsParseAndTheirArmsAreCellsOfTheirSweeps() throws IOException {
        Path shipped = Path.of("../traces/samples/reproduce");
        for (String name : List.of("gorman-2010", "gorman-2011", "wu-2012", "morton-referenced")) {
            Path file = shipped.resolve(name + Reproduction.SUFFIX);
            Reproduction r = Reproduction.read(file);
            assertThat(r.name()).isEqualTo(name);
            if (!r.runs()) {
                continue;
            }
            Map<String, List<String>> entries = Sweep.readFile(r.sweepFile(file));
            List<String> strategies = entries.remove("strategy");
            Map<String, Sweep.Point> cells = r.cells(new Sweep(List.of(Path.of("t.csv")), entries, strategies).points());
            assertThat(cells.keySet()).containsExactlyElementsOf(r.arms().keySet());
            assertThat(cells.values()).doesNotHaveDuplicates();
        }
    }
}
