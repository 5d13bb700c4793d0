package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    /** fio: 4,096 buffered random 4 KiB writes covering a 16 MiB file once each, then fsync (recorded on ext4). */
    static final Path FIO_LOG = Path.of("../traces/samples/fio-randwrite-4k.iolog");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final java.io.StringWriter out = cli.out;
    private final java.io.StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private static JsonNode summary(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    }

    @Test
    void theRecordedFioWorkloadIsWrittenByFsyncAsMaximalSequentialRequests() throws IOException {
        Path run = dir.resolve("run");
        assertThat(run("replay", FIO_LOG.toString(), "--memory", "1G", "-o", run.toString())).as(err.toString()).isZero();
        // 16 MiB dirty stays under the background threshold (10 % of ~1 GiB), and kupdate's 30 s never
        // come: fsync (WB_SYNC_ALL) writes the 4,096 pages in index order, one extent, in requests of
        // max_sectors_kb = 512 KiB: 32 of them, each starting where the previous ended. Then ext4_sync_file()
        // commits the journal transaction holding the extent's allocation: the first commit writes the
        // journal superblock, then a descriptor with the 3 blocks the allocation dirtied (block bitmap,
        // group descriptor, inode-table block) as one 16 KiB request, then the commit block with
        // PREFLUSH | FUA, which is the fsync's flush: 35 writes.
        JsonNode s = summary(run);
        assertThat(s.get("records").asLong()).isEqualTo(4099); // open, 4,096 writes, fsync, close
        assertThat(s.get("writeDispatches").asLong()).isEqualTo(35);
        assertThat(s.get("writeBytes").asLong()).isEqualTo((16L << 20) + 6 * 4096);
        assertThat(s.at("/ioSize/max").asLong()).isEqualTo(512 * 1024);
        assertThat(s.at("/ioSize/p50").asLong()).isEqualTo(512 * 1024);
        assertThat(s.at("/d2d/nseeks").asLong()).isEqualTo(35);
        // all but the seek from sector 0 to the data and the one from the data to the journal
        assertThat(s.at("/d2d/modeCount").asLong()).isEqualTo(33);
        assertThat(s.at("/d2d/mode").asLong()).isZero();
        // fsync's filemap_write_and_wait() writes in the caller's context, not the flusher's
        assertThat(s.get("pagesWrittenByWriter").asLong()).isEqualTo(4096);
        assertThat(s.get("pagesWrittenByFlusher").asLong()).isZero();
        assertThat(s.at("/writebackInodePages/count").asLong()).isZero(); // no flusher pass over the inode wrote a page
        assertThat(s.get("timeToCleanNs").asLong()).isZero(); // clean when the last record (close) ran
        assertThat(out.toString()).contains("4,099 records", "no-reclaim-writeback", "I/O size mean (KiB)");

        // the dispatch log holds those 35 writes as D events, the last the commit block with its flush
        List<IoRecord> issued = new ArrayList<>();
        try (TraceReader in = TraceFormats.open(run.resolve("dispatch"), "blktrace", ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                if (r.kind == EventKind.ISSUE) {
                    issued.add(r.copy());
                }
            }
        }
        assertThat(issued).hasSize(35);
        assertThat(issued.stream().filter(r -> r.op == Operation.WRITE && r.bytes == 512 * 1024)).hasSize(32);
        assertThat(issued.get(34).op).isEqualTo(Operation.WRITE);
        assertThat(issued.get(34).bytes).isEqualTo(4096);
        assertThat(issued.get(34).has(IoRecord.FUA)).isTrue();
    }

    @Test
    void theReplayComesCloseToWhatTheRealKernelDispatchedForTheSameFioRun() throws IOException {
        // the same fio run recorded at the block layer of a real ext4 loop device (tracefs block events)
        assertThat(run("trace", "stats", "--json", "../traces/samples/tracefs-loop-fio-randwrite-4k.txt")).isZero();
        JsonNode real = new ObjectMapper().readTree(out.toString());
        JsonNode realWrites = real.at("/kinds/ISSUE/WRITE");
        double realMeanWrite = realWrites.get("bytes").asDouble() / realWrites.get("count").asDouble();
        JsonNode realD2d = real.at("/devices/7,0/d2d");
        double realSequential = realD2d.get("modeCount").asDouble() / realD2d.get("nseeks").asDouble();
        assertThat(realD2d.get("mode").asLong()).isZero();

        Path run = dir.resolve("run");
        assertThat(run("replay", FIO_LOG.toString(), "-o", run.toString())).as(err.toString()).isZero();
        JsonNode s = summary(run);
        // the kernel wrote the 16 MiB of random 4 KiB writes as 35 large requests (mean ~469 KiB), 32 of
        // its 39 dispatches (journal and metadata included) without a seek: the model must do the same
        // with requests of its max_sectors_kb (512 KiB), within 25 % of the real mean size.
        assertThat(s.at("/ioSize/mean").asDouble()).isBetween(realMeanWrite * 0.75, realMeanWrite * 1.25);
        assertThat(s.get("sequentialFraction").asDouble()).isGreaterThanOrEqualTo(realSequential);
        assertThat(realSequential).isGreaterThan(0.8);
    }

    @Test
    void sameTraceAndSeedGiveIdenticalRunFiles() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String trace = "../traces/samples/synth-reclaim-hazards.csv";
        assertThat(run("replay", trace, "--memory", "32M", "-o", a.toString())).as(err.toString()).isZero();
        assertThat(run("replay", trace, "--memory", "32M", "-o", b.toString())).as(err.toString()).isZero();
        for (String f : List.of("histograms.hlog", "timeseries.csv", "dispatch.blktrace.0")) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        String wall = "\"wallSeconds\": [0-9.eE-]+";
        assertThat(Files.readString(b.resolve("summary.json")).replaceAll(wall, ""))
                .isEqualTo(Files.readString(a.resolve("summary.json")).replaceAll(wall, ""));
    }

    /** Several strategies by name, comma-separated: each into DIR/<strategy>/, each the run it gives alone. */
    @Test
    void aListOfStrategiesRunsEachIntoItsOwnDirectory() throws IOException {
        String trace = "../traces/samples/synth-reclaim-hazards.csv";
        Path two = dir.resolve("two");
        Path alone = dir.resolve("alone");
        assertThat(run("replay", trace, "--memory", "32M", "--strategy", "writepage, flusher-pageout", "-o", two.toString()))
                .as(err.toString()).isZero();
        assertThat(run("replay", trace, "--memory", "32M", "--strategy", "flusher-pageout", "-o", alone.toString()))
                .as(err.toString()).isZero();
        assertThat(Files.list(two).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("flusher-pageout", "writepage");
        String wall = "\"wallSeconds\": [0-9.eE-]+";
        assertThat(Files.readString(two.resolve("flusher-pageout/summary.json")).replaceAll(wall, ""))
                .isEqualTo(Files.readString(alone.resolve("summary.json")).replaceAll(wall, ""));
        assertThat(run("replay", trace, "--strategy", "writepage,nope", "-o", dir.resolve("x").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("unknown strategy 'nope'");
    }

    private static List<IoRecord> dispatchLog(Path run) throws IOException {
        List<IoRecord> events = new ArrayList<>();
        try (TraceReader in = TraceFormats.open(run.resolve("dispatch"), "blktrace", ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                events.add(r.copy());
            }
        }
        return events;
    }

    @Test
    void theDispatchLogKeepsTheChosenEvents() throws IOException {
        Path all = dir.resolve("all");
        Path dc = dir.resolve("dc");
        assertThat(run("replay", FIO_LOG.toString(), "--dispatch-log", "all", "-o", all.toString())).as(err.toString()).isZero();
        assertThat(run("replay", FIO_LOG.toString(), "--dispatch-log", "dc", "-o", dc.toString())).as(err.toString()).isZero();
        List<IoRecord> every = dispatchLog(all);
        List<IoRecord> dAndC = dispatchLog(dc);
        // all: each of the 35 writes (32 of data, 3 of the journal commit) is queued, gets a request, is inserted, issued, completed
        assertThat(every.stream().map(r -> r.kind).distinct())
                .contains(EventKind.QUEUE, EventKind.GETRQ, EventKind.INSERT, EventKind.ISSUE, EventKind.COMPLETE);
        // dc: exactly the D and C events of the full log, in the same order with the same fields
        List<String> expected = every.stream().filter(r -> r.kind == EventKind.ISSUE || r.kind == EventKind.COMPLETE)
                .map(IoRecord::toString).toList();
        assertThat(dAndC.stream().map(IoRecord::toString).toList()).isEqualTo(expected);
        assertThat(dAndC.stream().filter(r -> r.kind == EventKind.ISSUE)).hasSize(35);
        assertThat(dAndC.stream().filter(r -> r.kind == EventKind.COMPLETE)).hasSize(35);
        assertThat(Files.size(dc.resolve("dispatch.blktrace.0"))).isLessThan(Files.size(all.resolve("dispatch.blktrace.0")) / 2);
        // the default, qdc: the Q, D and C events of the full log (btt's Q2C, D2C and seek tables need no more)
        Path qdc = dir.resolve("qdc");
        assertThat(run("replay", FIO_LOG.toString(), "-o", qdc.toString())).as(err.toString()).isZero();
        List<String> qdcExpected = every.stream()
                .filter(r -> r.kind == EventKind.QUEUE || r.kind == EventKind.ISSUE || r.kind == EventKind.COMPLETE)
                .map(IoRecord::toString).toList();
        assertThat(dispatchLog(qdc).stream().map(IoRecord::toString).toList()).isEqualTo(qdcExpected);
        // the results do not come from the log
        String wall = "\"wallSeconds\": [0-9.eE-]+";
        assertThat(Files.readString(dc.resolve("summary.json")).replaceAll(wall, ""))
                .isEqualTo(Files.readString(all.resolve("summary.json")).replaceAll(wall, ""));

        // none: no log, and the earlier run's log in the same directory is gone (it would pass for this run's)
        assertThat(run("replay", FIO_LOG.toString(), "--dispatch-log", "none", "-o", all.toString())).as(err.toString()).isZero();
        assertThat(all.resolve("dispatch.blktrace.0")).doesNotExist();
        assertThat(out.toString()).contains("(summary.json, histograms.hlog, timeseries.csv)");

        assertThat(run("replay", FIO_LOG.toString(), "--dispatch-log", "qd", "-o", all.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("unknown dispatch log 'qd'", "all, qdc, dc, none").doesNotContain("Exception");
    }

    @Test
    void summaryD2dEqualsWhatBttPrintsForTheDispatchLog() throws Exception {
        assumeTrue(onPath("blkparse") && onPath("btt"), "blktrace's blkparse and btt are not installed");
        Path run = dir.resolve("run");
        assertThat(run("replay", "../traces/samples/synth-rand-write.csv", "--memory", "32M", "-o", run.toString()))
                .as(err.toString()).isZero();
        exec(run, "blkparse", "-i", "dispatch", "-d", "dispatch.bin", "-O");
        exec(run, "btt", "-i", "dispatch.bin", "-X", "-o", "btt");
        String dsk = Files.readAllLines(run.resolve("btt.xvg"), StandardCharsets.ISO_8859_1).stream()
                .map(String::trim).filter(l -> l.startsWith("DSK")).findFirst().orElseThrow();
        String[] f = dsk.split("\\s+"); // DSK dev nseeks mean median mode(count) ...
        JsonNode d2d = summary(run).get("d2d");
        assertThat(d2d.get("nseeks").asLong()).isEqualTo(Long.parseLong(f[2]));
        assertThat(d2d.get("mean").decimalValue()).isEqualByComparingTo(f[3]);
        assertThat(d2d.get("median").asLong()).isEqualTo(Long.parseLong(f[4]));
        assertThat(d2d.get("mode").asLong()).isEqualTo(Long.parseLong(f[5]));
        assertThat(d2d.get("modeCount").asLong()).isEqualTo(Long.parseLong(f[6].replaceAll("[()]", "")));
        assertThat(d2d.get("nseeks").asLong()).isGreaterThan(10);
    }

    @Test
    void aFullRequestQueueBlocksTheSubmitter() throws IOException {
        // 400 async 4 KiB writes queued at t=0 by one process, 1 MiB apart in descending order (nothing
        // merges): the async half of the pool holds nr_requests = 128, so each of the last 272 submissions
        // finds it full and sleeps until a completion frees a request (get_request_wait()).
        StringBuilder csv = new StringBuilder("time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n");
        for (int i = 0; i < 400; i++) {
            csv.append("0,QUEUE,WRITE,42,0,8:0,").append((400 - i) * 2048L).append(",,,4096,,0\n");
        }
        Path trace = dir.resolve("burst.csv");
        Files.writeString(trace, csv);
        Path run = dir.resolve("run");
        assertThat(run("replay", trace.toString(), "--direct", "--nr-requests", "128", "-o", run.toString()))
                .as(err.toString()).isZero();
        JsonNode s = summary(run);
        assertThat(s.at("/stallsByCause/queue-full/count").asLong()).isEqualTo(272);
        assertThat(s.get("writeDispatches").asLong()).isEqualTo(400);
    }

    @Test
    void aDirectRecordLargerThanMaxSectorsGoesOutAsSeveralRequests() throws IOException {
        // one 2 MiB direct write: the direct I/O code builds bios of at most max_sectors_kb = 512 KiB,
        // so 4 contiguous requests; then a 4 KiB one 1 GiB further on
        Path trace = dir.resolve("big.csv");
        Files.writeString(trace, "time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n"
                + "0,QUEUE,WRITE,42,0,8:0,2048,,,2097152,,0\n"
                + "1000000,QUEUE,WRITE,42,0,8:0,2099200,,,4096,,0\n");
        Path run = dir.resolve("run");
        assertThat(run("replay", trace.toString(), "--direct", "-o", run.toString())).as(err.toString()).isZero();
        JsonNode s = summary(run);
        assertThat(s.get("writeDispatches").asLong()).isEqualTo(5);
        assertThat(s.get("writeBytes").asLong()).isEqualTo(2097152 + 4096);
        assertThat(s.at("/ioSize/max").asLong()).isEqualTo(524288);
        // D2D: 2048 (from sector 0), 0, 0, 0, then 2099200 - (2048 + 4096) = 2093056
        assertThat(s.at("/d2d/nseeks").asLong()).isEqualTo(5);
        assertThat(s.at("/d2d/modeCount").asLong()).isEqualTo(3);
        assertThat(s.at("/d2d/mean").asDouble()).isEqualTo((2048 + 2093056) / 5.0);
    }

    @Test
    void theReclaimHazardsWorkloadShowsEachStrategysHazards() throws IOException {
        Path trace = dir.resolve("hazards.csv");
        Path hog = dir.resolve("hog.csv");
        // 16 streams and seed 5: with 8, since fsync commits the journal (Ext4FsyncCommit), and with seeds 1-4
        // since reclaim's scanning takes time (231 ns a page), no file happens to be unlinked and closed while
        // range-writepages writes it (timing; ReclaimHazardScenariosTest shows the mechanism)
        assertThat(run("trace", "generate", "reclaim-hazards", "--count", "6000", "--block-size", "16K", "--streams", "16",
                "--think-time", "5us", "--seed", "5", "-o", trace.toString())).as(err.toString()).isZero();
        assertThat(run("trace", "generate", "memory-hog", "--hog-bytes", "24M", "--hog-duration", "20ms", "--hog-steps", "10",
                "-o", hog.toString())).as(err.toString()).isZero();
        Path runs = dir.resolve("runs");
        // 32 MiB as one zone (--zones 8192): whether a file is unlinked while range-writepages writes it is
        // timing, and the zones of --memory 32M (DMA, DMA32) shift it so that none is
        assertThat(run("replay", trace.toString(), "--zones", "8192", "--pinned", hog.toString(), "--dirty-bytes", "1G",
                "--dirty-background-bytes", "512M", "--nr-requests", "16", "--strategy", "all", "-o", runs.toString()))
                .as(err.toString()).isZero();
        // write-around locks the pages below its target while holding it (lower index after higher) and
        // updates writeback_index after its last unlock without a reference
        JsonNode around = summary(runs.resolve("write-around")).get("hazards");
        assertThat(around.get("lock-order").asLong()).isPositive();
        assertThat(around.get("mapping-after-unlock").asLong()).isPositive();
        // range-writepages holds an inode reference across its writepages; a file unlinked and closed
        // meanwhile leaves reclaim with the final iput
        assertThat(summary(runs.resolve("range-writepages")).at("/hazards/iput-final-in-reclaim").asLong()).isPositive();
        // writepage and write-ahead only trylock and never hold a reference past the page lock; the
        // flusher-pageout and no-reclaim-writeback strategies never lock pages from reclaim at all
        for (String clean : List.of("writepage", "write-ahead", "flusher-pageout", "no-reclaim-writeback")) {
            JsonNode h = summary(runs.resolve(clean)).get("hazards");
            h.fields().forEachRemaining(e -> assertThat(e.getValue().asLong()).as(clean + " " + e.getKey()).isZero());
        }
        // the pageout work queue reports what it did; every work queued either ran or is stale
        JsonNode queue = summary(runs.resolve("flusher-pageout")).get("strategyCounters");
        assertThat(queue.get("pageoutWorksQueued").asLong()).isPositive();
        assertThat(queue.get("pageoutStaleTruncated").asLong() + queue.get("pageoutStaleClean").asLong())
                .isLessThanOrEqualTo(queue.get("pageoutWorksQueued").asLong());
        assertThat(summary(runs.resolve("writepage")).get("strategyCounters").size()).isZero();
    }

    @Test
    void badInputGivesOneLineNamingTheProblem() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n1,Q,W\n");
        Path run = dir.resolve("run");
        assertThat(run("replay", bad.toString(), "-o", run.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("wbreplay: ").contains("bad.csv", "line 2").doesNotContain("Exception");
        assertThat(run.resolve("summary.json")).doesNotExist();
        assertThat(run.resolve("dispatch.blktrace.0")).doesNotExist();

        assertThat(run("replay", FIO_LOG.toString(), "--strategy", "nonsense", "-o", run.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("unknown strategy 'nonsense'", "no-reclaim-writeback");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void exec(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("tool.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(cwd.resolve("tool.log"))).isZero();
    }
}
