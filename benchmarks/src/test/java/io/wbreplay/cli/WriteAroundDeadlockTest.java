package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay in which write-around reclaim really deadlocks against a filesystem that locks a write's
 * pages in ascending order (btrfs prepare_pages()), found by the hazard checker as a wait-for cycle,
 * on the reclaim of the 4.11 era. (On the 2.6.35 and 3.2 eras pid 2's direct reclaim scans 1.5x its
 * goal and wakes the flusher, which writes the window's pages first: no cycle.) The same trace ships
 * as traces/samples/handmade-write-around-abba.csv for the README's example.
 *
 * <p>The trace (written below, 32 MiB of memory in one zone, {@code --zones 8192}: the story counts the
 * node's free frames; on the x86-64 layout ZONE_DMA's 4096 frames would be used first and kept above
 * their reserve, another story): pid 1 dirties 128 scattered pages of {@code f1}
 * (every other page, so each is its own request) and then the 32-page write-around window of
 * {@code f0} except index 16: first 17..31, then 0..15, so 17 reaches the LRU tail right after the
 * f1 pages. At 100 ms a memory hog leaves 5 pages less than nothing free. At 100.001 ms pid 2
 * overwrites 0..16 (68 KiB): it locks 0..15 and allocates 16 with GFP_NOFS; its direct reclaim may not
 * write dirty pages and finds nothing clean, so with nothing free it sleeps HZ/10 in
 * should_alloc_retry() holding 0..15. kswapd writes the f1 pages, four requests at a time
 * ({@code --nr-requests 4}); at 110 ms pid 3 writes index 16 alone, getting a frame that kswapd's
 * writes made clean. Then kswapd reaches 17: it locks it, and write-around takes lock_page() downwards,
 * 16 (now dirty) and then 15, which pid 2 holds. At 200.001 ms pid 2 has its frame, finds 16 added
 * meanwhile, and lock_page(16) waits for kswapd: each waits for the other.
 */
class WriteAroundDeadlockTest {
    /** 32 MiB of 4 KiB frames. */
    private static final int FRAMES = 8192;
    private static final int FILLER_PAGES = 128;
    /** The hog's step: free frames = FRAMES - cached pages - pinned = -5. */
    private static final long HOG_NS = 100_000_000L;
    private static final long PINNED_PAGES = FRAMES - (FILLER_PAGES + 31) + 5;

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private Path trace;
    private Path hog;

    @BeforeEach
    void writeTrace() throws IOException {
        StringBuilder t = new StringBuilder("time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n");
        open(t, 0, 1, "f0"); // inode 0: the file of the window
        open(t, 0, 1, "f1");
        long time = 1000;
        for (int i = 0; i < FILLER_PAGES; i++, time += 1000) {
            write(t, time, 1, "f1", i * 2L * 4096, 4096);
        }
        write(t, time, 1, "f0", 17 * 4096L, 15 * 4096);
        write(t, time + 1000, 1, "f0", 0, 16 * 4096);
        open(t, HOG_NS - 1000, 2, "f0");
        open(t, HOG_NS - 1000, 3, "f0");
        write(t, HOG_NS + 1000, 2, "f0", 0, 17 * 4096);
        write(t, HOG_NS + 10_000_000, 3, "f0", 16 * 4096L, 4096);
        trace = Files.writeString(dir.resolve("window.csv"), t.toString());
        hog = Files.writeString(dir.resolve("hog.csv"), "time_ns,pinned_bytes\n" + HOG_NS + "," + PINNED_PAGES * 4096 + "\n");
    }

    private static void open(StringBuilder t, long time, int pid, String file) {
        t.append(time).append(",FILE_OP,OPEN,").append(pid).append(",0,,,").append(file).append(",0,0,,0\n");
    }

    private static void write(StringBuilder t, long time, int pid, String file, long offset, int bytes) {
        t.append(time).append(",FILE_OP,WRITE,").append(pid).append(",0,,,").append(file).append(',')
                .append(offset).append(',').append(bytes).append(",,0\n");
    }

    private int replay(String strategy, String onDeadlock, Path out) {
        return cli.run("replay", trace.toString(), "--kernel", "4.11", "--zones", "8192", "--pinned", hog.toString(),
                "--dirty-bytes", "1G", "--dirty-background-bytes", "512M", // only reclaim writes: no background flushing
                "--fs-delalloc-ascending", "--nr-requests", "4", "--strategy", strategy,
                // the story's arithmetic: reclaim takes no time (at the default 231 ns a scanned page pid 2's
                // direct reclaim scans for 70 us before its sleep, and the same cycle forms at 200.071 ms)
                "--reclaim-scan-ns", "0",
                "--on-deadlock", onDeadlock, "-o", out.toString());
    }

    private static JsonNode summary(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }

    @Test
    void writeAroundDeadlocksWithTheAscendingWriterAndTheRunStopsWithTheCycle() throws IOException {
        Path run = dir.resolve("around");
        // report: the run stops at the cycle and writes its results as usual
        assertThat(replay("write-around", "report", run)).as(cli.err.toString()).isZero();
        assertThat(run.resolve("summary.json")).exists();
        assertThat(run.resolve("histograms.hlog")).exists();
        assertThat(run.resolve("timeseries.csv")).exists();
        assertThat(run.resolve("dispatch.blktrace.0")).exists();
        JsonNode s = summary(run);
        assertThat(s.get("deadlocked").asBoolean()).isTrue();
        assertThat(cli.out.toString()).contains("write-around: deadlocked at 0.200 s, the run stopped there: stream-2[2] waits for");
        assertThat(s.at("/hazards/deadlock").asLong()).isEqualTo(1);
        // found when the second waiter blocks: pid 2 (stream-2), back from its HZ/10 retry sleep begun at
        // 100.001 ms, waits for index 16; the run ends there
        JsonNode d = s.at("/hazardFirst/deadlock");
        assertThat(d.get("timeNs").asLong()).isEqualTo(HOG_NS + 1000 + 100_000_000L);
        assertThat(d.get("task").asText()).isEqualTo("stream-2[2]");
        assertThat(d.get("subject").asText()).isEqualTo("inode 0 index 16");
        assertThat(d.get("description").asText())
                .matches("stream-2\\[2] waits for page \\d+ \\(inode 0 index 16\\) held by kswapd0\\[1]; "
                        + "kswapd0\\[1] waits for page \\d+ \\(inode 0 index 15\\) held by stream-2\\[2]");
        assertThat(s.get("simulatedSeconds").asDouble()).isEqualTo(0.200001);
        // kswapd took 16 while holding 17: the lock-order hazard that led there comes first
        assertThat(s.at("/hazardFirst/lock-order/description").asText())
                .isEqualTo("lock_page(index 16) while holding index 17 of the same mapping");
    }

    @Test
    void writeAheadOnTheSameTraceDoesNotDeadlock() throws IOException {
        Path run = dir.resolve("ahead");
        // write-ahead locks only forward from the reclaimed page, ascending like the filesystem: kswapd
        // at 17 never waits for 15, so pid 2 gets 16 and every record runs
        assertThat(replay("write-ahead", "report", run)).as(cli.err.toString()).isZero();
        JsonNode s = summary(run);
        assertThat(s.get("deadlocked").asBoolean()).isFalse();
        assertThat(s.at("/hazards/deadlock").asLong()).isZero();
        assertThat(s.at("/hazards/lock-order").asLong()).isZero();
        assertThat(s.get("records").asLong()).isEqualTo(2 + FILLER_PAGES + 2 + 4); // opens and writes
    }

    @Test
    void abortNamesTheCycleOnOneLineAndWritesNoResults() {
        Path run = dir.resolve("abort");
        assertThat(replay("write-around", "abort", run)).isEqualTo(1);
        String err = cli.err.toString();
        assertThat(err.lines()).hasSize(1);
        assertThat(err).startsWith("wbreplay: deadlock at 0.200001 s: stream-2[2] waits for page ")
                .contains("(inode 0 index 16) held by kswapd0[1]; kswapd0[1] waits for page ",
                        "(inode 0 index 15) held by stream-2[2]");
        assertThat(run.resolve("summary.json")).doesNotExist();
    }
}
