package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated reclaim-hazards workload on the btrfs-like filesystem deadlocks reclaim writeback through
 * memory -- the reason btrfs_writepage() refused to write under PF_MEMALLOC. 16 writers rewrite 256 KiB
 * blocks of files that others truncate and unlink, with 4 of 28 MiB left to the page cache. btrfs
 * prepare_pages() holds a block's pages locked while a GFP_NOFS allocation retries (its direct reclaim
 * may not write dirty pages and finds nothing clean). kswapd, the only task left that could free memory,
 * blocks on one of those locks: write-around's lock_page() below its target. No I/O is under way and no
 * page is free, so each waits for the other for good; after khungtaskd's 120 s without progress the
 * checker finds the cycle and the run stops with it. The strategies that never lock a page from reclaim
 * (flusher-pageout, no-reclaim-writeback) replay every record.
 */
class MemoryDeadlockTest {
    private static final Path HOG = Path.of("../traces/samples/memory-hog-24m-20ms.csv");
    private static final Pattern CYCLE = Pattern.compile("(stream-\\d+\\[\\d+]) sleeps in an allocation retry holding (\\d+) "
            + "page lock\\(s\\) \\(inode (\\d+) index (\\d+)\\.\\.(\\d+)\\) and waits for memory that kswapd0\\[1] must free; "
            + "kswapd0\\[1] waits for page \\d+ \\(inode (\\d+) index (\\d+)\\) held by (stream-\\d+\\[\\d+])");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private Path trace;

    @BeforeEach
    void generate() {
        trace = dir.resolve("hazards-256k.csv");
        assertThat(cli.run("trace", "generate", "reclaim-hazards", "--count", "1500", "--block-size", "256K", "--streams", "16",
                "--think-time", "5us", "--seed", "2", "-o", trace.toString())).as(cli.err.toString()).isZero();
    }

    private JsonNode replay(String strategy) throws IOException {
        Path run = dir.resolve(strategy);
        assertThat(cli.run("replay", trace.toString(), "--kernel", "2.6.35", "--memory", "28M", "--pinned", HOG.toString(), "--dirty-bytes", "1G",
                "--dirty-background-bytes", "512M", "--fs-delalloc-ascending", "--nr-requests", "4", "--strategy", strategy,
                "-o", run.toString())).as(cli.err.toString()).isZero();
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }

    @Test
    @Disabled("The memory deadlock of this generated workload formed on the model before the kernel eras (issue 11), whose per-batch reclaim throttle no kernel had; on the era-faithful reclaim (2.6.35 to 6.x) write-around shows lock-order hazards here but no cycle. Kept as the record of the scenario until one is derived for the era model.")
    void writeAroundDeadlocksWithAWriterWaitingForMemory() throws IOException {
        JsonNode s = replay("write-around");
        assertThat(s.get("deadlocked").asBoolean()).isTrue();
        assertThat(s.at("/hazards/deadlock").asLong()).isEqualTo(1);
        assertThat(cli.out.toString()).contains("write-around: deadlocked at ");
        Matcher m = CYCLE.matcher(s.at("/hazardFirst/deadlock/description").asText());
        assertThat(m.matches()).as(s.at("/hazardFirst/deadlock/description").asText()).isTrue();
        // the cycle closes on the same writer, and kswapd waits for a page of the block the writer holds
        assertThat(m.group(8)).isEqualTo(m.group(1));
        assertThat(m.group(6)).isEqualTo(m.group(3));
        long lo = Long.parseLong(m.group(4));
        long hi = Long.parseLong(m.group(5));
        assertThat(Long.parseLong(m.group(7))).isBetween(lo, hi);
        // prepare_pages() locks one contiguous run of at most a 256 KiB block (64 pages)
        assertThat(Long.parseLong(m.group(2))).isEqualTo(hi - lo + 1).isLessThanOrEqualTo(64);
        // nothing else could have freed memory: none free, none under writeback, and the hung-task
        // timeout passed without progress before the run stopped
        assertThat(s.at("/counters/nr_free_pages").asLong()).isZero();
        assertThat(s.at("/counters/nr_writeback").asLong()).isZero();
        assertThat(s.get("simulatedSeconds").asDouble() * 1e9 - s.at("/hazardFirst/deadlock/timeNs").asLong())
                .isGreaterThanOrEqualTo(120e9);
    }

    @Test
    void strategiesThatNeverLockAPageFromReclaimReplayEveryRecord() throws IOException {
        long records = Files.lines(trace).count() - 1; // one record per line after the header
        for (String strategy : List.of("flusher-pageout", "no-reclaim-writeback")) {
            JsonNode s = replay(strategy);
            assertThat(s.get("deadlocked").asBoolean()).as(strategy).isFalse();
            assertThat(s.at("/hazards/deadlock").asLong()).as(strategy).isZero();
            assertThat(s.get("records").asLong()).as(strategy).isEqualTo(records);
        }
    }
}
