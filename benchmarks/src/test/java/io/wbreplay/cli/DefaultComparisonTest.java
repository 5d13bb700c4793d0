package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wbreplay.reports.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, reduced: the shipped default sweep (both traces, both eras) with the
 * oldest writing strategy and today's instead of all seven, and no dispatch log: 8 cells. They must
 * differ where the kernel rules make reclaim meet dirty pages at the LRU tail, and nowhere else.
 */
class DefaultComparisonTest {
    static final Path SWEEP = Path.of("../traces/samples/default.sweep");
    static final String WRITEPAGE = "writepage";
    static final String NONE = "no-reclaim-writeback";

    @TempDir
    Path dir;

    @Test
    void strategiesDifferWhereReclaimMeetsDirtyPages() throws IOException {
        Map<String, List<String>> file = Sweep.readFile(SWEEP);
        // realistic: none of the contrivances of earlier default sweeps (dirty limits of a larger machine,
        // a pinning task, a pre-filled cache)
        assertThat(file).doesNotContainKeys("dirty-bytes", "dirty-background-bytes", "pinned", "initial-active",
                "initial-inactive");
        assertThat(file.get("kernel")).containsExactly("3.2", "6.x");
        // the checkout's sweep, its trace paths made relative to this module
        StringBuilder sweep = new StringBuilder();
        file.forEach((k, v) -> sweep.append(k).append(" = ").append(k.equals("trace")
                ? v.stream().map(t -> "../" + t).collect(Collectors.joining(", ")) : String.join(", ", v)).append('\n'));
        Path reduced = Files.writeString(dir.resolve("default.sweep"), sweep);
        Path report = dir.resolve("report");
        Cli cli = new Cli();
        assertThat(cli.run("compare", "--sweep", reduced.toString(), "--strategy", WRITEPAGE + "," + NONE,
                "--dispatch-log", "none", "-o", report.toString())).as(cli.err.toString()).isZero();

        ObjectMapper json = new ObjectMapper();
        JsonNode info = json.readTree(report.resolve("report.json").toFile());
        assertThat(info.get("cells")).hasSize(8);
        Map<String, Map<String, JsonNode>> groups = new HashMap<>(); // "trace config" -> strategy -> summary.json
        for (JsonNode c : info.get("cells")) {
            JsonNode s = json.readTree(report.resolve(c.get("dir").asText()).resolve("summary.json").toFile());
            groups.computeIfAbsent(c.get("trace").asText() + " " + c.get("config").asText(), g -> new HashMap<>())
                    .put(c.get("strategy").asText(), s);
        }
        String smallFiles = "synth-small-files-10m.csv";
        String randomWrites = "synth-rand-write-64k.csv";
        assertThat(groups).containsOnlyKeys(smallFiles + " kernel=3.2", smallFiles + " kernel=6.x",
                randomWrites + " kernel=3.2", randomWrites + " kernel=6.x");

        for (Map<String, JsonNode> g : groups.values()) {
            for (JsonNode s : g.values()) {
                // each trace writes more than the memory holds, so kswapd must reclaim in every cell
                assertThat(s.get("writeBytes").asLong()).isGreaterThan(s.get("memoryBytes").asLong());
                assertThat(s.get("counters").get("pgscan_kswapd").asLong()).isPositive();
            }
            // today's kernel never writes from reclaim
            assertThat(g.get(NONE).get("pagesWrittenByReclaim").asLong()).isZero();
            assertThat(g.get(NONE).get("counters").get("nr_vmscan_write").asLong()).isZero();
        }

        // Reclaim meets dirty pages at the tail: on 3.2 in both traces (small files: kswapd balances
        // ZONE_DMA, whose LRU holds the pages just dirtied; random writes: the flusher cleans by offset,
        // not in LRU order), on 6.x with the random writes (writes no longer mark pages accessed). There
        // the baseline marks them for immediate reclaim, writepage's kswapd writes them with pageout(),
        // and the disk sees a different stream.
        for (String g : List.of(smallFiles + " kernel=3.2", randomWrites + " kernel=3.2", randomWrites + " kernel=6.x")) {
            JsonNode none = groups.get(g).get(NONE);
            JsonNode writepage = groups.get(g).get(WRITEPAGE);
            assertThat(none.get("counters").get("nr_vmscan_immediate_reclaim").asLong()).as(g).isPositive();
            assertThat(writepage.get("counters").get("vmscan_write_kswapd").asLong()).as(g).isPositive();
            assertThat(writepage.get("pagesWrittenByReclaim").asLong()).as(g).isPositive();
            assertThat(writepage.get("d2d").get("mean").asDouble()).as(g).isNotEqualTo(none.get("d2d").get("mean").asDouble());
        }

        // 6.x small files: one LRU per node and files cleaned in the order they were written, so reclaim
        // meets no dirty page and the strategy has nothing to decide: writepage's run is the baseline's
        // (as the real 6.18 at a steady state: recordings AK and AL, docs/kernel-eras.md)
        JsonNode none = groups.get(smallFiles + " kernel=6.x").get(NONE);
        JsonNode writepage = groups.get(smallFiles + " kernel=6.x").get(WRITEPAGE);
        assertThat(none.get("counters").get("shrink_inactive_nr_dirty").asLong()).isZero();
        assertThat(writepage.get("pagesWrittenByReclaim").asLong()).isZero();
        for (String field : List.of("dispatches", "writeBytes", "d2d", "stallNs", "pagesWrittenByFlusher", "simulatedSeconds")) {
            assertThat(writepage.get(field)).as(field).isEqualTo(none.get(field));
        }
        // and the summary says so for that group alone
        assertThat(cli.out.toString().split("strategies ran alike", -1)).hasSize(2);
    }
}
