package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.KernelEra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny hand-made recording (the layout of scripts/record-reclaim.sh) and a hand-made model run:
 * every expected value below is worked out by hand from the numbers in these files.
 */
class ValidationTest {
    static final String ENV = """
            kernel=5.10.0-26-amd64
            memtotal_kb=1048576
            dirty_ratio=20
            dirty_background_ratio=5
            throttle=on
            write_bps=10485760
            write_iops=100
            """;
    static final String SUMMARY = """
            {"env": {}, "fio": {"runtime_s": 10.0, "written_mb": 100.0},
             "meminfo_kb": {"before": {"MemAvailable": 262144}},
             "vmstat_delta": {"pgscan_kswapd": 1000, "pgscan_direct": 200, "pgsteal_kswapd": 800, "pgsteal_direct": 100,
                              "nr_vmscan_immediate_reclaim": 50, "allocstall_dma32": 0, "allocstall_normal": 3,
                              "allocstall_movable": 4, "pgactivate": 300, "nr_dirtied": 24000,
                              "kswapd_low_wmark_hit_quickly": 8, "kswapd_high_wmark_hit_quickly": 3},
             "vmstat_delta_all_reclaim": {"compact_stall": 10, "compact_success": 8},
             "shrink_inactive_total": {"nr_scanned": 1000, "nr_dirty": 250, "nr_writeback": 100},
             "trace": {"events": {"mm_vmscan_kswapd_wake": 12, "bdi_dirty_ratelimit": 40},
                       "balance_dirty_pages": {"paused": 20, "pause_total_s": 1.0},
                       "direct_reclaim": {"by_order": {"0": 1, "4": 3}, "total_stall_s": 0.1},
                       "kswapd_wake_by_order": {"0": 5, "3": 2, "4": 5},
                       "throttled": {"VMSCAN_THROTTLE_WRITEBACK": 5, "VMSCAN_THROTTLE_ISOLATED": 1},
                       "global_dirty_state": {"limit_first": 50000, "peak_dirty": 4000, "peak_writeback": 2000}}}
            """;
    static final String MODEL = """
            {"strategy": "no-reclaim-writeback",
             "counters": {"pgscan_kswapd": 500, "pgscan_direct": 300, "shrink_inactive_nr_dirty": 200,
                          "shrink_inactive_nr_writeback": 40, "nr_vmscan_immediate_reclaim": 0, "allocstall": 20, "direct_reclaim_begin": 12,
                          "pgsteal": 700, "kswapd_wakeup": 6, "pageoutrun": 9, "bdi_dirty_ratelimit": 90, "pgactivate": 250, "throttled_writeback": 4,
                          "throttled_congested": 2, "throttled_noprogress": 0, "nr_dirtied": 25000,
                          "balance_dirty_pages_pauses": 30, "kswapd_high_order_runs": 6, "direct_reclaim_high_order": 9,
                          "compact_stall": 0, "compact_success": 0, "kswapd_low_wmark_hit_quickly": 2,
                          "kswapd_high_wmark_hit_quickly": 6, "kswapd_sleep": 0},
             "stallsByCause": {"throttle": {"total": 1500000000}, "direct-reclaim": {"total": 250000000}},
             "timeToCleanNs": 2300000000, "simulatedSeconds": 12.5}
            """;
    // the workload ends at 12.5 - 2.3 = 10.2 s: the 10.5 s sample is the drain and does not count
    static final String SERIES = """
            time_s,dirty_pages,writeback_pages,free_pages,write_mb_s,read_mb_s
            0.1,100,0,900,0.000,0.000
            5.0,4500,1000,800,20.000,0.000
            10.2,3000,2500,700,30.000,0.000
            10.5,9000,9000,100,50.000,0.000
            """;

    @TempDir
    Path tmp;
    Path rec;
    Path model;

    @BeforeEach
    void files() throws IOException {
        rec = tmp.resolve("tiny-recording");
        Files.createDirectories(rec);
        Files.writeString(rec.resolve("run.env"), ENV);
        Files.writeString(rec.resolve("summary.json"), SUMMARY);
        Files.writeString(rec.resolve("fio.iolog.gz"), "");
        model = tmp.resolve("model");
        Files.createDirectories(model);
        Files.writeString(model.resolve("summary.json"), MODEL);
        Files.writeString(model.resolve("timeseries.csv"), SERIES);
    }

    @Test
    void configuresTheModelAsTheRecordedMachine() throws IOException {
        Recording r = Recording.open(rec);
        assertThat(r.memoryBytes()).isEqualTo(1L << 30);
        assertThat(r.pinnedBytes()).isEqualTo((1048576L - 262144L) * 1024); // 768 MiB
        assertThat(r.dirtyRatio()).isEqualTo(20);
        assertThat(r.dirtyBackgroundRatio()).isEqualTo(5);
        assertThat(r.device()).isEqualTo("throttled:10485760:100");
        assertThat(r.nrRequests()).as("the loop device's own 128, behind the throttle").isNull();
        assertThat(r.initialDirtyLimitBytes()).isEqualTo(50000L * 4096);
        assertThat(r.initialActiveBytes()).isZero(); // this recording says nothing of its page cache
        assertThat(r.initialInactiveBytes()).isZero();
        assertThat(r.era()).isEqualTo(KernelEra.V4_11); // 5.10 is after 4.11 and before 5.16
        assertThat(r.iolog()).isEqualTo(rec.resolve("fio.iolog.gz"));
        assertThat(r.minFreeKbytes()).isZero(); // neither said: the model computes it
        assertThat(r.reclaimScanNs()).isEqualTo(CoreConfig.RECORDED_RECLAIM_SCAN_NS); // not recorded: the measured default
    }

    /**
     * The zones for --zones from run A's zones_before, by hand: DMA 3840 managed, all free; DMA32 772818
     * - 50349 free - 8305 - 14055 file = 700109 held by others; Normal 5394258 - 20042 - 288943 - 82965 =
     * 5002308.
     */
    @Test
    void zonesComeFromTheRecordedZoneinfo() throws IOException {
        Recording r = Recording.open(Path.of("..", "traces", "samples", "recorded", "A-direct-thr-1.5G-dr40"));
        // managed / managed - free - file / file, with file = nr_zone_active_file + nr_zone_inactive_file:
        // DMA32 8,305 + 14,055 = 22,360, Normal 288,943 + 82,965 = 371,908
        assertThat(r.zones()).isEqualTo("3840/0/0:772818/700109/22360:5394258/5002308/371908");
        Recording none = Recording.open(rec);
        assertThat(none.zones()).isNull(); // no zoneinfo: validate gives the x86-64 layout of --memory
    }

    /**
     * vm.min_free_kbytes from the zones' min watermarks (10 + 2,115 + 14,769 = 16,894 pages, x 4 KiB =
     * 67,576 KiB), and reclaim's CPU time per scanned page from kswapd's schedstat (132.3 ns, rounded).
     */
    @Test
    void watermarksAndReclaimCostComeFromTheRecording() throws IOException {
        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("\"env\": {},", "\"env\": {}, "
                + "\"zones_before\": {\"DMA\": {\"min\": 10}, \"DMA32\": {\"min\": 2115}, \"Normal\": {\"min\": 14769}}, "
                + "\"kswapd_cpu\": {\"cpu_s\": 4.26, \"ns_per_pgscan_kswapd\": 132.3},"));
        Recording r = Recording.open(rec);
        assertThat(r.minFreeKbytes()).isEqualTo(67_576);
        assertThat(r.reclaimScanNs()).isEqualTo(132);
    }

    /**
     * The initial cache's layout: run BD's frame-layout.before.json counts 1,538 runs of one cached frame,
     * 6,227 of two, 2,303 of four, 1,366 of eight and 4,637 of sixteen or more (its file_runs_by_length);
     * a recording without the file gives none (validate keeps the default), and the default is the
     * hog-only snapshot's counts (frame-layout/hog-pinned.json). A broken file is an error naming it.
     */
    @Test
    void theInitialCacheLayoutComesFromTheRecordingsFrameLayout() throws IOException {
        Path recorded = Path.of("..", "traces", "samples", "recorded");
        assertThat(Recording.open(recorded.resolve("BD-direct-thr-1.5G-dr30-quiet")).initialCacheRuns())
                .containsExactly(1538, 6227, 2303, 1366, 4637);
        assertThat(Recording.open(rec).initialCacheRuns()).isNull();
        JsonNode hog = new ObjectMapper().readTree(recorded.resolve("frame-layout").resolve("hog-pinned.json").toFile())
                .path("file_runs_by_length");
        assertThat(io.wbreplay.replay.mm.InitialCacheRuns.MEASURED).containsExactly(hog.path("1").asInt(),
                hog.path("2").asInt(), hog.path("4").asInt(), hog.path("8").asInt(), hog.path("16").asInt());
        Files.writeString(rec.resolve(Recording.FRAME_LAYOUT), "{\"file_runs_by_length\": {\"2\": \"many\"}}");
        assertThatThrownBy(() -> Recording.open(rec).initialCacheRuns()).hasMessage(rec.resolve(Recording.FRAME_LAYOUT)
                + ": file_runs_by_length.2: expected a count, got \"many\"");
    }

    /**
     * The older eras' default scan cost is the committed recordings' own pooled over pages alone: kswapd's
     * CPU seconds of every recording that kept them, over the pages it scanned in them (cpu_s x 1e9 /
     * ns_per_pgscan_kswapd each). A recording added later moves it a little; 5 % says the constant still
     * describes them.
     */
    @Test
    void thePooledScanCostIsTheRecordingsOwn() throws IOException {
        double cpuS = 0, pages = 0;
        try (var dirs = Files.list(Path.of("..", "traces", "samples", "recorded"))) {
            for (Path d : dirs.sorted().toList()) {
                Path s = d.resolve("summary.json");
                JsonNode k = Files.exists(s) ? new ObjectMapper().readTree(s.toFile()).path("kswapd_cpu") : null;
                if (k != null && k.path("ns_per_pgscan_kswapd").isNumber() && k.path("cpu_s").doubleValue() > 0) {
                    cpuS += k.path("cpu_s").doubleValue();
                    pages += k.path("cpu_s").doubleValue() * 1e9 / k.path("ns_per_pgscan_kswapd").doubleValue();
                }
            }
        }
        assertThat(pages).as("recordings with kswapd's CPU time").isGreaterThan(1e8);
        assertThat((double) CoreConfig.POOLED_RECLAIM_SCAN_NS).isCloseTo(cpuS * 1e9 / pages, org.assertj.core.data.Percentage.withPercentage(5));
    }

    /**
     * The default scan and run costs are the least-squares split of kswapd's CPU time (cpu_s) over the pages
     * it scanned and its balance_pgdat() runs (pgscan_kswapd, pageoutrun), solved here from the committed
     * recordings' summaries by the normal equations: within 5 % of each.
     */
    @Test
    void theDefaultScanAndRunCostsSplitTheRecordingsKswapdTime() throws IOException {
        double ss = 0, sr = 0, rr = 0, sy = 0, ry = 0;
        int n = 0;
        try (var dirs = Files.list(Path.of("..", "traces", "samples", "recorded"))) {
            for (Path d : dirs.sorted().toList()) {
                Path s = d.resolve("summary.json");
                JsonNode sum = Files.exists(s) ? new ObjectMapper().readTree(s.toFile()) : null;
                JsonNode k = sum == null ? null : sum.path("kswapd_cpu");
                if (k != null && k.path("ns_per_pgscan_kswapd").isNumber() && k.path("cpu_s").doubleValue() > 0) {
                    double scanned = sum.path("vmstat_delta").path("pgscan_kswapd").doubleValue();
                    double runs = sum.path("vmstat_delta").path("pageoutrun").doubleValue();
                    double cpuNs = k.path("cpu_s").doubleValue() * 1e9;
                    ss += scanned * scanned;
                    sr += scanned * runs;
                    rr += runs * runs;
                    sy += scanned * cpuNs;
                    ry += runs * cpuNs;
                    n++;
                }
            }
        }
        assertThat(n).as("recordings with kswapd's CPU time").isGreaterThanOrEqualTo(40);
        double det = ss * rr - sr * sr;
        double perPage = (sy * rr - ry * sr) / det;
        double perRun = (ss * ry - sr * sy) / det;
        assertThat((double) CoreConfig.RECORDED_RECLAIM_SCAN_NS).isCloseTo(perPage, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat((double) CoreConfig.RECORDED_KSWAPD_RUN_NS).isCloseTo(perRun, org.assertj.core.data.Percentage.withPercentage(5));
    }

    /**
     * The workload's CPU time per page it wrote: 2.5 s over 409,600,000 bytes = 100,000 pages is 25,000 ns;
     * less its direct reclaim's 100,000 scanned pages at kswapd's 150 ns each (150.4 rounded: what the
     * model charges for them itself) it is (2.5e9 - 1.5e7) / 1e5 = 24,850 ns. Without the CPU time, 0.
     */
    @Test
    void writeCostComesFromTheWorkloadsCpuTime() throws IOException {
        assertThat(Recording.open(rec).writePageNs()).isZero();
        String fio = "\"fio\": {\"written_mb\": 409.6, \"written_bytes\": 409600000, \"runtime_s\": 3.0}";
        String base = SUMMARY.replace("\"fio\": {\"runtime_s\": 10.0, \"written_mb\": 100.0}", fio);
        Files.writeString(rec.resolve("summary.json"), base.replace("\"env\": {},", "\"env\": {}, \"workload_cpu\": {\"cpu_s\": 2.5},"));
        assertThat(Recording.open(rec).writePageNs()).isEqualTo(25_000);
        Files.writeString(rec.resolve("summary.json"), base.replace("\"env\": {},", "\"env\": {}, "
                + "\"workload_cpu\": {\"cpu_s\": 2.5, \"direct_scanned\": 100000}, "
                + "\"kswapd_cpu\": {\"cpu_s\": 1.0, \"ns_per_pgscan_kswapd\": 150.4},"));
        assertThat(Recording.open(rec).writePageNs()).isEqualTo(24_850);
    }

    /**
     * The other tasks' refaults, an input: run A's workingset_refault_file 748,013 over fio's 28.939 s is
     * 25,847.8 a second, rounded 25,848; read back by its machine's 2 CPUs' worth of tasks. A recording
     * without the initial cache to read back (the fixture's) gives 0: no other tasks.
     */
    @Test
    void otherTasksRefaultsComeFromWorkingsetRefaultFile() throws IOException {
        Recording a = Recording.open(Path.of("..", "traces", "samples", "recorded", "A-direct-thr-1.5G-dr40"));
        assertThat(a.otherRefaultsPerS()).isEqualTo(25_848);
        assertThat(a.otherTasks()).isEqualTo(2);
        assertThat(Recording.open(rec).otherRefaultsPerS()).isZero();
    }

    /**
     * The pages a read of theirs brings back, an input: run A's pgpgin 3,049,880 KiB is 762,470 pages over
     * its 3,877 major faults, 196.66 each, rounded 197. The fixture has neither counter: 1, no read-around.
     */
    @Test
    void otherTasksReadAroundComesFromPgpginPerMajorFault() throws IOException {
        assertThat(Recording.open(Path.of("..", "traces", "samples", "recorded", "A-direct-thr-1.5G-dr40")).otherReadPages())
                .isEqualTo(197);
        assertThat(Recording.open(rec).otherReadPages()).isEqualTo(1);
        assertThat(Recording.otherReadPages(100, 50)).isEqualTo(1); // half a page a fault: still one
    }

    /**
     * The other disks' writeback, an input: run A's nr_written 434,115 less its loop device's 1,563.0 MB
     * (381,591.8 pages of 4 KiB) is 52,523.2 pages over fio's 28.939 s, 1,815.0 a second, rounded 1,815.
     * The fixture has neither counter: 0.
     */
    @Test
    void otherDevicesWriteoutComesFromNrWrittenLessTheDevice() throws IOException {
        Recording a = Recording.open(Path.of("..", "traces", "samples", "recorded", "A-direct-thr-1.5G-dr40"));
        assertThat(a.otherWriteoutPerS()).isEqualTo(1_815);
        assertThat(Recording.open(rec).otherWriteoutPerS()).isZero();
    }

    /**
     * With nr_written.samples the machine's rate is taken while fio ran, not from vmstat before and
     * after: run W's samples within its elapsed_s (60.695 s) of the first go from 16,410,611 to
     * 16,444,031 (33,420 pages) in 59.808180070 s, 558.79 a second; its loop device wrote 124.0 MB
     * (30,273.4 pages of 4 KiB) in fio's 60.096 s, 503.75 a second: 55.04, rounded 55 (the last sample,
     * 60.852 s after the first, adds the 7,195 pages of a burst after fio ended: 164; vmstat's delta,
     * 41,663 pages over the run time, would give 190). Run AA's samples rate (71,706 pages in 6.627 s
     * within its 7.369 s: 10,820) is below its loop device's (325.2 MB in 6.906 s: 11,496): 0, where
     * vmstat's delta, which counts the writeback after fio ended, gave 1,903.
     */
    @Test
    void otherDevicesWriteoutComesFromTheSamplesTakenWhileTheWorkloadRan() throws IOException {
        Path recorded = Path.of("..", "traces", "samples", "recorded");
        assertThat(Recording.open(recorded.resolve("W-rand4k-direct-thr-1.5G-dr40-quiet-shm")).otherWriteoutPerS()).isEqualTo(55);
        assertThat(Recording.open(recorded.resolve("AA-direct-thr-3G-dr40-quiet-extfrag")).otherWriteoutPerS()).isZero();
    }

    @Test
    void aBadNrWrittenSampleIsOneLineNamingFileAndLine() throws IOException {
        Path a = Files.createDirectory(tmp.resolve("A"));
        for (String f : new String[] {"run.env", "summary.json"}) {
            Files.copy(Path.of("..", "traces", "samples", "recorded", "A-direct-thr-1.5G-dr40", f), a.resolve(f));
        }
        Files.writeString(a.resolve("nr_written.samples"), "1.0 nr_written:10\n2.0 nr_written:x\n");
        assertThatThrownBy(() -> Recording.open(a).otherWriteoutPerS()).isInstanceOf(IOException.class)
                .hasMessage(a.resolve("nr_written.samples") + ":2: expected SECONDS nr_written:PAGES, got '2.0 nr_written:x'");
    }

    /**
     * The recording ends at the workload's exit, so the model's block rows stop there too: of three
     * writes dispatched at 100.001, 100.002 and 100.004 s (8, 16 and 8 sectors) with the cut at
     * 100.0025 s, two count (6 KiB mean), and only the first, completed at 100.0015 s, has a D2C
     * (0.5 ms); the second completes after the cut.
     */
    @Test
    void blockMetricsStopAtTheWorkloadsEnd() throws IOException {
        Path trace = tmp.resolve("t.txt");
        Files.writeString(trace, """
                kworker/u8:3-13198 [000] ..... 100.001000: block_rq_issue: 7,0 W 4096 () 0 + 8 be,0,4 [kworker/u8:3]
                         cat-8647  [001] ..s1. 100.001500: block_rq_complete: 7,0 W () 0 + 8 be,0,4 [0]
                kworker/u8:3-13198 [000] ..... 100.002000: block_rq_issue: 7,0 W 8192 () 8 + 16 be,0,4 [kworker/u8:3]
                         cat-8647  [001] ..s1. 100.003000: block_rq_complete: 7,0 W () 8 + 16 be,0,4 [0]
                kworker/u8:3-13198 [000] ..... 100.004000: block_rq_issue: 7,0 W 4096 () 24 + 8 be,0,4 [kworker/u8:3]
                         cat-8647  [001] ..s1. 100.005000: block_rq_complete: 7,0 W () 24 + 8 be,0,4 [0]
                """);
        BlockMetrics all;
        BlockMetrics cut;
        try (io.wbreplay.traces.TraceReader r = io.wbreplay.traces.formats.TraceFormats.open(trace, "tracepoint", io.wbreplay.traces.ReadOptions.STRICT)) {
            all = BlockMetrics.read(r, trace.toString());
        }
        try (io.wbreplay.traces.TraceReader r = io.wbreplay.traces.formats.TraceFormats.open(trace, "tracepoint", io.wbreplay.traces.ReadOptions.STRICT)) {
            cut = BlockMetrics.read(r, trace.toString(), 100_002_500_000L);
        }
        assertThat(all.writeDispatches()).isEqualTo(3);
        assertThat(cut.writeDispatches()).isEqualTo(2);
        assertThat(cut.writeSizeMean()).isEqualTo(6144.0); // (4096 + 8192) / 2 bytes
        assertThat(BlockMetrics.meanSeconds(cut.d2c())).isCloseTo(0.0005, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void eraAndDeviceFollowRunEnv() throws IOException {
        Files.writeString(rec.resolve("run.env"), ENV.replace("5.10.0-26-amd64", "6.18.44-fc-v1147").replace("throttle=on", "throttle=off"));
        Recording r = Recording.open(rec);
        assertThat(r.era()).isEqualTo(KernelEra.V6_X);
        assertThat(r.device()).isEqualTo("ssd");
        assertThat(r.nrRequests()).isNull();
        Files.writeString(rec.resolve("run.env"), ENV.replace("5.10.0-26-amd64", "2.6.32"));
        assertThatThrownBy(() -> Recording.open(rec).era()).hasMessageContaining("kernel=2.6.32 is older than");
    }

    @Test
    void theWorkloadsOwnReclaimIsComparedWhenTheRecordingSplitsItByTask() throws IOException {
        // summarize.py's split: fio 7 of 107 direct reclaims; of the throttles, fio's 3 and kswapd's 2 count
        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("\"total_stall_s\": 0.1}",
                "\"total_stall_s\": 0.1, \"by_task\": {\"other\": 100, \"workload\": 7}},"
                + " \"throttled_by_task\": {\"workload VMSCAN_THROTTLE_CONGESTED\": 3, \"kswapd VMSCAN_THROTTLE_WRITEBACK\": 2,"
                + " \"other VMSCAN_THROTTLE_CONGESTED\": 50}"));
        Map<String, Validation.Row> rows = new LinkedHashMap<>();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        // the trace counts try_to_free_pages() calls: the model's 12, not its 20 tries (retries count allocstall)
        expect(rows, "direct reclaims by the workload", 7.0, 12.0, true); // 12 / 7 = 1.71
        expect(rows, "throttled workload and kswapd", 5.0, 6.0, true); // the model's 4 + 2 + 0
        // a recording whose fio never reclaimed lists no "workload" class: that is 0, not missing
        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("\"total_stall_s\": 0.1}",
                "\"total_stall_s\": 0.1, \"by_task\": {\"other\": 100}}"));
        rows.clear();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "direct reclaims by the workload", 0.0, 12.0, false);
        assertThat(rows.get("throttled workload and kswapd").real()).isNull(); // no split: missing
    }

    @Test
    void singlePausesAreComparedByTheirTail() throws IOException {
        // the recording's nearest-rank p99 and max of balance_dirty_pages' pause (ms); the model's throttle stalls (ns)
        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("\"pause_total_s\": 1.0}",
                "\"pause_total_s\": 1.0, \"pause_p99_ms\": 8, \"pause_max_ms\": 12}"));
        Files.writeString(model.resolve("summary.json"), MODEL.replace("\"throttle\": {\"total\": 1500000000}",
                "\"throttle\": {\"total\": 1500000000, \"p99\": 20000000, \"max\": 24000000}"));
        Map<String, Validation.Row> rows = new LinkedHashMap<>();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "balance_dirty_pages pause p99 (ms)", 8.0, 20.0, false); // 2.5x
        expect(rows, "balance_dirty_pages pause max (ms)", 12.0, 24.0, true); // 2x is within
    }

    /**
     * A model that never came clean (the drain limit ended it, timeToCleanNs -1) still knows where the
     * workload ended: traceEndNs 10.2 s, so the runtime is 10.2 s and the peaks leave out the 10.5 s
     * sample (dirty 9,000) as with a clean run; without traceEndNs they are missing.
     */
    @Test
    void theWorkloadsEndComesFromTraceEndWhenThePageCacheNeverCameClean() throws IOException {
        Files.writeString(model.resolve("summary.json"), MODEL.replace("\"timeToCleanNs\": 2300000000", "\"traceEndNs\": 10200000000, \"timeToCleanNs\": -1"));
        Map<String, Validation.Row> rows = new LinkedHashMap<>();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "runtime (s)", 10.0, 10.2, true);
        expect(rows, "peak dirty pages", 4000.0, 4500.0, true);
        Files.writeString(model.resolve("summary.json"), MODEL.replace("\"timeToCleanNs\": 2300000000", "\"timeToCleanNs\": -1"));
        rows.clear();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        assertThat(rows.get("runtime (s)").model()).isNull();
        assertThat(rows.get("peak dirty pages").model()).isNull();
    }

    @Test
    void rowsAreTheHandComputedValues() throws IOException {
        Validation v = Validation.of(Recording.open(rec), RunDirectory.open(model));
        Map<String, Validation.Row> rows = new LinkedHashMap<>();
        v.rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "share of scanned pages found dirty (nr_dirty/scanned)", 250.0 / 1000, 200.0 / 800, true);
        expect(rows, "share of scanned pages under writeback (nr_writeback/scanned)", 0.1, 0.05, true); // 0.5: the edge
        expect(rows, "nr_vmscan_immediate_reclaim", 50.0, 0.0, false);
        expect(rows, "allocstall", 7.0, 20.0, false);
        expect(rows, "throttled (all reasons)", 6.0, 6.0, true);
        expect(rows, "throttled WRITEBACK", 5.0, 4.0, true);
        expect(rows, "throttled CONGESTED", 0.0, 2.0, false);
        expect(rows, "throttled NOPROGRESS", 0.0, 0.0, true);
        expect(rows, "balance_dirty_pages pauses", 20.0, 30.0, true);
        expect(rows, "balance_dirty_pages pause total (s)", 1.0, 1.5, true);
        expect(rows, "dirty_ratelimit updates (bdi_dirty_ratelimit)", 40.0, 90.0, false); // 2.25x
        expect(rows, "direct reclaim stall total (s)", 0.1, 0.25, false);
        expect(rows, "pgscan_kswapd", 1000.0, 500.0, true);
        expect(rows, "pgscan_direct", 200.0, 300.0, true);
        expect(rows, "pgsteal", 900.0, 700.0, true);
        expect(rows, "kswapd runs (balance_pgdat)", 12.0, 9.0, true); // not the 6 wakeups from sleep
        expect(rows, "kswapd naps cut short (kswapd_low_wmark_hit_quickly)", 8.0, 2.0, false); // a quarter
        expect(rows, "kswapd runs ending unbalanced (kswapd_high_wmark_hit_quickly)", 3.0, 6.0, true); // twice: the edge
        // the recording's event counts have no mm_vmscan_kswapd_sleep: kswapd never slept until woken, 0
        expect(rows, "kswapd sleeps until woken (mm_vmscan_kswapd_sleep)", 0.0, 0.0, true);
        expect(rows, "pgactivate", 300.0, 250.0, true);
        expect(rows, "kswapd runs for an order above 0", 2.0 + 5.0, 6.0, true); // orders 3 and 4, not 0
        expect(rows, "direct reclaims for an order above 0", 3.0, 9.0, false);
        expect(rows, "compaction stalls (compact_stall)", 10.0, 0.0, false);
        expect(rows, "compactions that got the page (compact_success)", 8.0, 0.0, false);
        expect(rows, "peak dirty pages", 4000.0, 4500.0, true);
        expect(rows, "peak writeback pages", 2000.0, 2500.0, true);
        expect(rows, "runtime (s)", 10.0, 10.2, true);
        expect(rows, "pages dirtied (nr_dirtied)", 24000.0, 25000.0, true);

        Validation.Row isolated = rows.get("throttled ISOLATED");
        assertThat(isolated.real()).isEqualTo(1.0);
        assertThat(isolated.model()).isNull();
        assertThat(isolated.within2x()).isNull();
        assertThat(Validation.cells(isolated)).containsExactly("throttled ISOLATED", "1", "not modelled", "-", "-", "n/a");

        Validation.Row device = rows.get("MB written to the device during the run"); // the recording has no loop_requests
        assertThat(device.real()).isNull();
        assertThat(device.model()).isCloseTo((0 + 20 + 30) * 0.1, within(1e-9));
        String[] cells = Validation.cells(device);
        assertThat(new String[] {cells[1], cells[3], cells[4], cells[5]}).containsExactly("missing", "-", "-", "n/a");
        assertThat(Validation.cells(rows.get("throttled CONGESTED"))).containsExactly("throttled CONGESTED", "0", "2", "inf", "-", "no");
        // 1,000 real, 500 model: -50 %
        assertThat(Validation.cells(rows.get("pgscan_kswapd"))).containsExactly("pgscan_kswapd", "1,000", "500", "0.50", "-50 %", "yes");
        // a recording of record-reclaim.sh has no block events: those rows are missing, not 0
        assertThat(rows.get("write dispatches (block_rq_issue W)").real()).isNull();
        assertThat(Validation.cells(rows.get("write dispatches (block_rq_issue W)"))[1]).isEqualTo("missing");
        assertThat(v.table()).contains("within 2x: 19 of 28 metrics both sides have"); // the two kswapd_*_hit_quickly rows: one in, one out; the sleeps in
    }

    /**
     * meminfo.samples of record-reclaim.sh against the model's active/inactive columns, at each real
     * sample within fio's 10 s: 0 s, 750 active / 250 inactive pages (share 0.25), and 1 s, 990 / 10
     * (0.01, under 5 %); the 11 s sample is past the run. The model's 100 ms rows nearest to them are
     * 0.1 s (300 / 100: 0.25) and 1.0 s (390 / 10: 0.025). Real mean (0.25 + 0.01) / 2 = 0.13, model
     * (0.25 + 0.025) / 2 = 0.1375; one sample of two under 5 % on each side.
     */
    @Test
    void theFileLruOverTimeIsComparedAtTheRealSamples() throws IOException {
        Files.writeString(rec.resolve("meminfo.samples"), """
                1000.000000000 MemFree:4000 Active(file):3000 Inactive(file):1000 Dirty:0
                1001.000000000 MemFree:4000 Active(file):3960 Inactive(file):40 Dirty:0
                1011.000000000 MemFree:4000 Active(file):2000 Inactive(file):2000 Dirty:0
                """);
        Map<String, Validation.Row> rows = rowsWithModelSeries(i -> new long[] {0, i == 10 ? 390 : 300, i == 10 ? 10 : 100});
        expect(rows, "inactive share of the file LRU, mean", 0.13, 0.1375, true);
        expect(rows, "samples with inactive under 5 % of the file LRU", 0.5, 0.5, true);

        Files.writeString(rec.resolve("meminfo.samples"), "1000.0 MemFree:4000 Active(file):x Inactive(file):1 Dirty:0\n");
        assertThatThrownBy(() -> Validation.of(Recording.open(rec), RunDirectory.open(model)))
                .hasMessage(rec.resolve("meminfo.samples") + ":1: expected SECONDS Active(file):KB Inactive(file):KB ..., got "
                        + "'1000.0 MemFree:4000 Active(file):x Inactive(file):1 Dirty:0'");
        Files.writeString(rec.resolve("meminfo.samples"), "1000.0 MemFree:4000 Active(file):1 Inactive(file):1\n");
        assertThatThrownBy(() -> Validation.of(Recording.open(rec), RunDirectory.open(model)))
                .hasMessage(rec.resolve("meminfo.samples") + ":1: expected SECONDS Dirty:KB ..., got "
                        + "'1000.0 MemFree:4000 Active(file):1 Inactive(file):1'");
    }

    @Test
    void dirtyPagesOverTimeComeFromMeminfoSamples() throws IOException {
        // Dirty 4,000 KB (1,000 pages) from the first sample, 8,000 KB (2,000 pages) from 1 s on; fio ran
        // 10 s: at the model's samples 0.1 .. 10.0 s the real value is 1,000 nine times, then 2,000 91
        // times: mean (9,000 + 182,000) / 100 = 1,910. The model's 500 pages at 0.1 .. 1.1 s, clean after
        // its end: mean 5,500 / 100 = 55; sum |model - real| = 9 x 500 + 2 x 1,500 + 89 x 2,000 = 185,500
        // over 191,000.
        Files.writeString(rec.resolve("meminfo.samples"), """
                1000.000000000 MemFree:4000 Active(file):3000 Inactive(file):1000 Dirty:4000
                1001.000000000 MemFree:4000 Active(file):3000 Inactive(file):1000 Dirty:8000
                1011.000000000 MemFree:4000 Active(file):3000 Inactive(file):1000 Dirty:0
                """);
        Map<String, Validation.Row> rows = rowsWithModelSeries(i -> new long[] {500, 300, 100});
        expect(rows, "dirty pages over the run, mean", 1910, 55, false);
        assertThat(rows.get("dirty over time: sum|model-real| / sum real").model()).isCloseTo(185_500.0 / 191_000, within(1e-9));
    }

    /**
     * zoneinfo.samples of record-reclaim.sh (FREE,MIN,BOOST per zone) against the model's
     * top_zone_free_pages, at each real sample within fio's 10 s, the recorded Normal zone's watermarks
     * min 14,769 and low 20,163. Real: 0 s 25,000 free (over low), 1 s 19,000 (under), 2 s 30,000 with
     * min boosted to 24,769 (a boost of 10,000 raises low to 30,163: under); 11 s is past the run.
     * Median of 19,000 / 25,000 / 30,000: 25,000; under low 2 of 3; boosted 1 of 3. The model's nearest
     * 100 ms rows (0.1, 1.0 and 2.0 s) hold 15,000 (under), 21,000 with a boost of 5,000 of its own
     * (top_zone_boost_pages: under 25,163) and 14,800 (under): median 15,000, under 3 of 3, boosted 1 of
     * 3. A model run without the boost column (before it existed) counts its rows as unboosted: under 2
     * of 3.
     */
    @Test
    void theNormalZoneOverTimeIsComparedAtTheRealSamples() throws IOException {
        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("\"vmstat_delta\"",
                "\"zones_before\": {\"Normal\": {\"min\": 14769, \"low\": 20163}}, \"vmstat_delta\""));
        Files.writeString(rec.resolve("zoneinfo.samples"), """
                1000.000000000 DMA:3840,10,0 DMA32:24000,2116,0 Normal:25000,14769,0 Movable:0,32,0
                1001.000000000 DMA:3840,10,0 DMA32:24000,2116,0 Normal:19000,14769,0 Movable:0,32,0
                1002.000000000 DMA:3840,10,0 DMA32:24000,2116,0 Normal:30000,24769,10000 Movable:0,32,0
                1011.000000000 DMA:3840,10,0 DMA32:24000,2116,0 Normal:99000,14769,0 Movable:0,32,0
                """);
        // buddyinfo: free pages in blocks of order 4 and up, 2 x 16 + 512 = 544, 0 and 32 (median 32)
        Files.writeString(rec.resolve("buddyinfo.samples"), """
                1000.000000000 DMA:0,0,0,0,0,0,0,0,1,1,3 Normal:10,0,0,0,2,0,0,0,0,1,0
                1001.000000000 DMA:0,0,0,0,0,0,0,0,1,1,3 Normal:5,1,1,1,0,0,0,0,0,0,0
                1002.000000000 DMA:0,0,0,0,0,0,0,0,1,1,3 Normal:0,0,0,0,0,1,0,0,0,0,0
                """);
        StringBuilder series = new StringBuilder("time_s,dirty_pages,writeback_pages,free_pages,write_mb_s,read_mb_s,top_zone_free_pages,top_zone_boost_pages,top_zone_free_order4_pages\n");
        StringBuilder unboosted = new StringBuilder("time_s,dirty_pages,writeback_pages,free_pages,write_mb_s,read_mb_s,top_zone_free_pages\n");
        for (int i = 1; i <= 25; i++) {
            int free = i == 1 ? 15000 : i == 10 ? 21000 : i == 20 ? 14800 : 17000;
            series.append(String.format(java.util.Locale.ROOT, "%.1f,0,0,40000,0.000,0.000,%d,%d,%d%n", i / 10.0, free, i == 10 ? 5000 : 0,
                    i == 1 ? 100 : i == 10 ? 5000 : i == 20 ? 7 : 0));
            unboosted.append(String.format(java.util.Locale.ROOT, "%.1f,0,0,40000,0.000,0.000,%d%n", i / 10.0, free));
        }
        Files.writeString(model.resolve("timeseries.csv"), series.toString());
        Map<String, Validation.Row> rows = new LinkedHashMap<>();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "Normal zone free pages, median of samples", 25000.0, 15000.0, true);
        expect(rows, "samples with the Normal zone under its low watermark", 2.0 / 3, 1.0, true);
        expect(rows, "samples with the Normal zone's watermarks boosted", 1.0 / 3, 1.0 / 3, true);
        // the model's rows 0.1, 1.0 and 2.0 s hold 100, 5,000 and 7 such pages: median 100
        expect(rows, "Normal zone free pages in blocks of order 4 and up, median of samples", 32.0, 100.0, false);
        // validation.html's zone-over-time chart: the real samples within the run, the model's every 100 ms sample within it
        List<List<double[]>> drawn = new ArrayList<>();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).writeHtml(tmp, "heading", new Validation.Charts() {
            @Override
            public void dirtyOverTime(Path file, String name, List<double[]> real, List<double[]> m) {
            }

            @Override
            public void writeSizes(Path file, String name, java.util.NavigableMap<Long, Long> real, java.util.NavigableMap<Long, Long> m) {
            }

            @Override
            public void lruOverTime(Path file, String name, List<double[]> real, List<double[]> m) {
            }

            @Override
            public void zoneOverTime(Path file, String name, List<double[]> realFree, List<double[]> realMin, List<double[]> modelFree,
                    List<double[]> modelMin) {
                drawn.addAll(List.of(realFree, realMin, modelFree, modelMin));
            }
        }, null);
        assertThat(drawn.get(0)).extracting(p -> p[1]).containsExactly(25000.0, 19000.0, 30000.0);
        assertThat(drawn.get(1)).extracting(p -> p[1]).containsExactly(14769.0, 14769.0, 24769.0);
        assertThat(drawn.get(2)).hasSize(25); // the model series written above: 0.1 .. 2.5 s
        assertThat(drawn.get(3).get(9)).containsExactly(1.0, 14769.0 + 5000);
        assertThat(drawn.get(3).get(10)).containsExactly(1.1, 14769.0);
        assertThat(tmp.resolve("validation.html")).content().contains("zone-over-time.svg");
        Files.writeString(model.resolve("timeseries.csv"), unboosted.toString());
        rows.clear();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "samples with the Normal zone under its low watermark", 2.0 / 3, 2.0 / 3, true);
        expect(rows, "samples with the Normal zone's watermarks boosted", 1.0 / 3, 0.0, false);

        // a kernel without watermark_boost leaves the field empty: the same numbers
        Files.writeString(rec.resolve("zoneinfo.samples"), "1000.0 DMA:3840,10, Normal:25000,14769,\n1001.0 Normal:19000,14769\n");
        rows.clear();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "Normal zone free pages, median of samples", 19000.0, 15000.0, true); // nearest rank of two: the first
        expect(rows, "samples with the Normal zone under its low watermark", 0.5, 0.5, true);

        Files.writeString(rec.resolve("zoneinfo.samples"), "1000.0 DMA:3840,10,0 Normal:25000\n");
        assertThatThrownBy(() -> Validation.of(Recording.open(rec), RunDirectory.open(model)))
                .hasMessage(rec.resolve("zoneinfo.samples") + ":1: expected SECONDS ZONE:FREE,MIN,BOOST ..., got "
                        + "'1000.0 DMA:3840,10,0 Normal:25000'");
    }

    /**
     * The rows when the model's timeseries.csv has 11 samples, 0.1 .. 1.1 s, each {dirty, active file,
     * inactive file} pages from {@code sample} (1 .. 11).
     */
    private Map<String, Validation.Row> rowsWithModelSeries(java.util.function.IntFunction<long[]> sample) throws IOException {
        StringBuilder series = new StringBuilder("time_s,dirty_pages,writeback_pages,free_pages,write_mb_s,read_mb_s,active_file_pages,inactive_file_pages\n");
        for (int i = 1; i <= 11; i++) {
            long[] v = sample.apply(i);
            series.append(String.format(java.util.Locale.ROOT, "%.1f,%d,0,900,0.000,0.000,%d,%d%n", i / 10.0, v[0], v[1], v[2]));
        }
        Files.writeString(model.resolve("timeseries.csv"), series.toString());
        Map<String, Validation.Row> rows = new LinkedHashMap<>();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        return rows;
    }

    /**
     * A run that kept its counters at the workload's end compares those, as the recording's vmstat delta
     * ends at its exit: the drain after it (here 300 more pages scanned by kswapd) is left out.
     */
    @Test
    void theModelsCountersAreTakenWhenTheWorkloadEnded() throws IOException {
        Files.writeString(model.resolve("summary.json"),
                MODEL.replace("\"stallsByCause\"", "\"countersAtTraceEnd\": {\"pgscan_kswapd\": 200},\n \"stallsByCause\""));
        Map<String, Validation.Row> rows = new LinkedHashMap<>();
        Validation.of(Recording.open(rec), RunDirectory.open(model)).rows().forEach(r -> rows.put(r.name(), r));
        expect(rows, "pgscan_kswapd", 1000.0, 200.0, false);
        expect(rows, "pgscan_direct", 200.0, 300.0, true); // not kept at the end: the run's total
    }

    private static void expect(Map<String, Validation.Row> rows, String name, double real, double model, boolean within2x) {
        Validation.Row r = rows.get(name);
        assertThat(r).as(name).isNotNull();
        assertThat(r.real()).as(name + " real").isCloseTo(real, within(1e-9));
        assertThat(r.model()).as(name + " model").isCloseTo(model, within(1e-9));
        assertThat(r.within2x()).as(name + " within 2x").isEqualTo(within2x);
    }

    @Test
    void writesValidationJsonWithMissingAsNull() throws IOException {
        Validation v = Validation.of(Recording.open(rec), RunDirectory.open(model));
        Path json = tmp.resolve("validation.json");
        v.writeJson(json, Map.of("device", "throttled:10485760:100"));
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("recording").asText()).isEqualTo("tiny-recording");
        assertThat(root.path("configuration").path("device").asText()).isEqualTo("throttled:10485760:100");
        JsonNode last = null;
        for (JsonNode m : root.path("metrics")) {
            if (m.path("metric").asText().equals("MB written to the device during the run")) {
                last = m;
            }
        }
        assertThat(last.path("real").isNull()).isTrue();
        assertThat(last.path("real_note").asText()).isEqualTo("missing");
        assertThat(last.path("within2x").isNull()).isTrue();
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList()).doesNotContain("validation.json.tmp");
    }

    @Test
    void badRecordingsAreRefusedNamingTheFile() throws IOException {
        Files.writeString(rec.resolve("run.env"), "kernel=6.18\nthis line has no equals sign\n");
        assertThatThrownBy(() -> Recording.open(rec)).hasMessage(rec.resolve("run.env") + ": line 2: expected KEY=VALUE, found 'this line has no equals sign'");

        Files.writeString(rec.resolve("run.env"), ENV.replace("memtotal_kb=1048576\n", ""));
        assertThatThrownBy(() -> Recording.open(rec)).hasMessage(rec.resolve("run.env") + ": no memtotal_kb=");

        Files.writeString(rec.resolve("run.env"), ENV);
        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("\"vmstat_delta\"", "\"vmstat\""));
        assertThatThrownBy(() -> Recording.open(rec)).hasMessageStartingWith(rec.resolve("summary.json") + ": no 'vmstat_delta' object");

        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("\"pgactivate\": 300", "\"pgactivate\": \"lots\""));
        assertThatThrownBy(() -> Validation.of(Recording.open(rec), RunDirectory.open(model)))
                .hasMessage(rec.resolve("summary.json") + ": /vmstat_delta/pgactivate: expected a number, found \"lots\"");

        Files.writeString(rec.resolve("summary.json"), SUMMARY.substring(0, 80));
        assertThatThrownBy(() -> Recording.open(rec)).hasMessageStartingWith(rec.resolve("summary.json") + ": not valid JSON");

        Files.writeString(rec.resolve("summary.json"), SUMMARY);
        Files.delete(rec.resolve("fio.iolog.gz"));
        assertThatThrownBy(() -> Recording.open(rec).iolog()).hasMessageStartingWith(rec.resolve("fio.iolog.gz") + ": no such file");
    }

    @Test
    void aReplayRunDirectoryIsNotARecording() {
        assertThatThrownBy(() -> Recording.open(model))
                .hasMessage(model + ": no run.env: not a recording of scripts/record-reclaim.sh (it looks like a wbreplay replay run directory)");
    }

    @Test
    void theCommittedRecordingsOpen() throws IOException {
        Path recorded = Path.of("..", "traces", "samples", "recorded");
        List<Path> dirs;
        try (var s = Files.list(recorded)) {
            dirs = s.filter(d -> Files.exists(d.resolve("run.env"))).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(4);
        for (Path d : dirs) {
            Recording r = Recording.open(d);
            assertThat(r.era()).isEqualTo(KernelEra.V6_X); // 6.18.44
            // the same machine: MemTotal 24,683,664 kB on 2026-12-04, 24,683,748 kB on 12-05 (runs Q-S),
            // 24,683,784 kB once it was booted again on 12-06 (runs AB-AD), 24,683,792 kB on the next boot (AF, AG),
            // 24,683,772 kB on a later one (AK-AP)
            assertThat(r.memoryBytes()).isIn(24683664L * 1024, 24683748L * 1024, 24683784L * 1024, 24683792L * 1024,
                    24683772L * 1024);
        }
    }

    @Test
    void aKnownPageCacheIsModelledAndOnlyTheRestPinned() throws IOException {
        Files.writeString(rec.resolve("summary.json"), SUMMARY.replace("{\"MemAvailable\": 262144}",
                "{\"MemAvailable\": 262144, \"MemFree\": 65536, \"Active(file)\": 131072, \"Inactive(file)\": 32768}"));
        Recording r = Recording.open(rec);
        assertThat(r.initialActiveBytes()).isEqualTo(128L << 20);
        assertThat(r.initialInactiveBytes()).isEqualTo(32L << 20);
        // 1 GiB - 64 MiB free - 128 MiB active - 32 MiB inactive: 800 MiB pinned
        assertThat(r.pinnedBytes()).isEqualTo(800L << 20);
    }
}
