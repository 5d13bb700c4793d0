package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wbreplay.replay.KernelEra;
import io.wbreplay.replay.device.CalibratedDevice;
import io.wbreplay.traces.stats.SeekSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real side of {@code wbreplay validate} on the committed recordings of {@code wbreplay record}
 * (traces/samples/recorded/wbreplay-record/, four recordings). Expected values come from elsewhere, never from this code:
 * block figures from {@code scripts/record/block-metrics.py TRACE} (dispatches, sizes, D2D mean, D2C)
 * and from btt (D2D median: btt's own, 0 in all three, while the plain median of small-files' distances
 * is 1,836,920), run time from the two tracing_mark_write timestamps in trace.txt less manifest
 * startOffsetNs, MB written from {@code zcat app.csv.gz | awk -F, '$3=="WRITE"{b+=$10}'}, peaks from the
 * largest bdi.samples column / 4.
 */
class RecordedRunTest {
    static final Path FIXTURES = Path.of("..", "traces", "samples", "recorded", "wbreplay-record");

    @TempDir
    Path tmp;

    record Expected(String name, long dispatches, double medianBytes, double meanBytes, long nseeks, double d2dMean,
            double d2cMeanMs, double d2cMedianMs, double writeMb, double runtimeS, double writtenMb, long peakDirty, long peakWriteback) {
    }

    static final List<Expected> EXPECTED = List.of(
            // block-metrics.py: {"write_dispatches": 259, "write_size_median": 524288, "write_size_mean": 518389.1274131274,
            // "d2d_nseeks": 264, "d2d_mean": 7449.121212121212, "d2c_mean_ms": 8.027253787878788, "d2c_median_ms": 4.37, "write_mb": 134.262784}
            // btt D2D: 264 7449.1 0 | 0(257); markers 30329.540740 and 30330.615124, startOffsetNs 222672882
            new Expected("rand-inmem", 259, 524288, 518389.1274131274, 264, 7449.121212121212, 8.027253787878788, 4.37, 134.262784,
                    1.074384 - 0.222672882, 134.217728, 30298, 4864),
            // {"write_dispatches": 681, "write_size_median": 1310720, "write_size_mean": 1182763.6064610865, "d2d_nseeks": 702,
            // "d2d_mean": 15468.752136752137, "d2c_mean_ms": 23.983413105413106, "d2c_median_ms": 23.749, "write_mb": 805.462016}
            // btt D2D: 702 15468.8 0 | 0(681); markers 30333.499537 and 30336.569557, startOffsetNs 495818733
            new Expected("seq-streams", 681, 1310720, 1182763.6064610865, 702, 15468.752136752137, 23.983413105413106, 23.749, 805.462016,
                    3.070020 - 0.495818733, 805.306368, 180064, 30720),
            // {"write_dispatches": 9136, "write_size_median": 16384, "write_size_mean": 12293.38003502627, "d2d_nseeks": 9157,
            // "d2d_mean": 1236665.1925303047, "d2c_mean_ms": 0.28328229769575186, "d2c_median_ms": 0.088, "write_mb": 112.31232}
            // btt D2D: 9157 1236665.2 0 | 0(2995); markers 30339.333451 and 30349.789149, startOffsetNs 456994636
            new Expected("small-files", 9136, 16384, 12293.38003502627, 9157, 1236665.1925303047, 0.28328229769575186, 0.088, 112.31232,
                    10.455698 - 0.456994636, 49.152, 12224, 16),
            // {"write_dispatches": 7213, "write_size_median": 1310720, "write_size_mean": 1190971.7676417578, "d2d_nseeks": 7215,
            // "d2d_mean": 10209.255162855163, "d2c_mean_ms": 23.97912363132363, "d2c_median_ms": 21.898, "write_mb": 8590.47936}
            // btt D2D: 7215 10209.3 0 | 0(7181); markers 31769.812076 and 31794.582769, startOffsetNs 516578632
            new Expected("pressure", 7213, 1310720, 1190971.7676417578, 7215, 10209.255162855163, 23.97912363132363, 21.898, 8590.47936,
                    31794.582769 - 31769.812076 - 0.516578632, 8589.934592, 228608, 30720));

    @Test
    void theRealSideIsWhatTheTraceTextSays() throws IOException {
        for (Expected e : EXPECTED) {
            Recording r = Recording.open(FIXTURES.resolve(e.name()));
            assertThat(r.recordedByWbreplay()).isTrue();
            assertThat(r.era()).isEqualTo(KernelEra.V6_X);
            assertThat(r.dirtyRatio()).as(e.name()).isEqualTo(20);
            assertThat(r.dirtyBackgroundRatio()).isEqualTo(10);
            assertThat(r.nrRequests()).isEqualTo(128);
            assertThat(r.workloadFormat()).isEqualTo("wbreplay-csv");
            BlockMetrics m = r.blockMetrics();
            assertThat(m.writeDispatches()).as(e.name()).isEqualTo(e.dispatches());
            assertThat(m.writeSizeMedian()).as(e.name()).isEqualTo(e.medianBytes());
            assertThat(m.writeSizeMean()).as(e.name()).isCloseTo(e.meanBytes(), within(1e-6));
            SeekSummary d2d = m.d2d();
            assertThat(d2d.nseeks()).as(e.name()).isEqualTo(e.nseeks());
            assertThat(d2d.mean()).as(e.name()).isCloseTo(e.d2dMean(), within(1e-6));
            assertThat(d2d.median()).as(e.name() + ": btt's D2D median").isZero();
            assertThat(BlockMetrics.meanSeconds(m.d2c()) * 1e3).as(e.name()).isCloseTo(e.d2cMeanMs(), within(1e-9));
            assertThat(BlockMetrics.medianSeconds(m.d2c()) * 1e3).as(e.name()).isCloseTo(e.d2cMedianMs(), within(1e-9));
            assertThat(r.number("/trace/loop_requests/write_mb")).as(e.name()).isCloseTo(e.writeMb(), within(1e-9));
            assertThat(r.number("/fio/runtime_s")).as(e.name()).isCloseTo(e.runtimeS(), within(1e-6));
            assertThat(r.number("/fio/written_mb")).as(e.name()).isCloseTo(e.writtenMb(), within(1e-9));
            assertThat(r.number("/trace/global_dirty_state/peak_dirty")).as(e.name()).isEqualTo((double) e.peakDirty());
            assertThat(r.number("/trace/global_dirty_state/peak_writeback")).as(e.name()).isEqualTo((double) e.peakWriteback());
        }
    }

    /**
     * The flusher's passes over one inode of the loop device, as the trace text says:
     * {@code zcat trace.txt.gz | grep 'writeback_single_inode: bdi 7:0' | grep -o 'wrote=[0-9]*' | cut -d= -f2 | awk '$1>0'}
     * gives pressure 78 passes, sum 1,892,399 pages (mean 24,261.53), the 39th of them sorted 21,504, the
     * largest 61,440; the other three recordings wrote everything by fsync: none (and the device's events only:
     * bdi 254:0, the disk under /tmp, has its own).
     */
    @Test
    void theFlushersPassesOverOneInodeOfTheDevice() throws IOException {
        Recording p = Recording.open(FIXTURES.resolve("pressure"));
        assertThat(p.number("/trace/writeback_single_inode/count")).isEqualTo(78.0);
        assertThat(p.number("/trace/writeback_single_inode/mean")).isCloseTo(1892399 / 78.0, within(1e-9));
        assertThat(p.number("/trace/writeback_single_inode/p50")).isEqualTo(21504.0);
        assertThat(p.number("/trace/writeback_single_inode/max")).isEqualTo(61440.0);
        for (String none : List.of("rand-inmem", "seq-streams", "small-files")) {
            Recording r = Recording.open(FIXTURES.resolve(none));
            assertThat(r.number("/trace/writeback_single_inode/count")).as(none).isEqualTo(0.0);
            assertThat(r.number("/trace/writeback_single_inode/mean")).as(none).isNull();
        }
    }

    @Test
    void theQ2QTableIsBtts() throws IOException {
        // btt -i on small-files' block events: "Device Q2Q Seek Information ( 7, 0) | 18441 612678.1 0 | 0(12286)"
        SeekSummary q2q = Recording.open(FIXTURES.resolve("small-files")).blockMetrics().q2q();
        assertThat(q2q.nseeks()).isEqualTo(18441);
        assertThat(q2q.meanText()).isEqualTo("612678.1");
        assertThat(q2q.median()).isZero();
        assertThat(q2q.mode()).isZero();
        assertThat(q2q.modeCount()).isEqualTo(12286);
    }

    @Test
    void largeFoliosSetTheLargestRequest() throws IOException {
        // queue.txt: max_sectors_kb 1280, max_segments 128, max_segment_size 65536; kernel 6.18 caches ext4 files in large folios
        assertThat(Recording.open(FIXTURES.resolve("rand-inmem")).maxRequestKb()).isEqualTo(512); // 4 KiB writes: 128 x 4 KiB
        assertThat(Recording.open(FIXTURES.resolve("seq-streams")).maxRequestKb()).isEqualTo(1280); // 64 KiB folios: 8 MiB, capped
    }

    @Test
    void theCalibratedDeviceFollowsTheRecordedServiceTimes() throws IOException {
        BlockMetrics m = Recording.open(FIXTURES.resolve("seq-streams")).blockMetrics();
        CalibratedDevice d = m.calibrate("seq-streams");
        assertThat(m.calibrationSamples()).isEqualTo(681);
        // the fit's prediction at the mean request size is the mean D2C (least squares passes through the means,
        // seek ignored: with ns_per_seek_sector dropped or small, within 5 %)
        double atMean = d.interceptNs() + d.nsPerByte() * 1182763.6064610865;
        assertThat(atMean / 1e6).isCloseTo(23.983413105413106, within(23.98 * 0.05));
        assertThat(d.serviceNs(0, 0, 0, 1 << 20, io.wbreplay.traces.Operation.WRITE))
                .isGreaterThan(d.serviceNs(0, 0, 0, 4096, io.wbreplay.traces.Operation.WRITE));
    }

    /**
     * kswapd's CPU time from its schedstat before and after: 2,568,716,000 - 1,000,000,000 ns = 1.568716 s;
     * pressure's vmstat says pgscan_kswapd 212,817,279 before and 213,601,637 after, 784,358 pages: 2,000 ns
     * a page; less what its runs cost besides (--kswapd-run-ns's measured default), validate gives the model
     * the rest as --reclaim-scan-ns. Without the files, the measured default.
     */
    @Test
    void kswapdsCpuTimePerScannedPageComesFromItsSchedstat() throws IOException {
        Path d = tmp.resolve("pressure");
        Files.createDirectories(d);
        try (var s = Files.list(FIXTURES.resolve("pressure"))) {
            for (Path f : s.toList()) {
                Files.copy(f, d.resolve(f.getFileName()));
            }
        }
        assertThat(Recording.open(d).reclaimScanNs()).isEqualTo(io.wbreplay.replay.CoreConfig.RECORDED_RECLAIM_SCAN_NS);
        Files.writeString(d.resolve("kswapd.schedstat.before"), "kswapd0 1000000000 5000 10\n");
        Files.writeString(d.resolve("kswapd.schedstat.after"), "kswapd0 2568716000 9000 20\n");
        Recording r = Recording.open(d);
        assertThat(r.number("/kswapd_cpu/cpu_s")).isCloseTo(1.568716, within(1e-12));
        assertThat(r.number("/kswapd_cpu/ns_per_pgscan_kswapd")).isCloseTo(2000.0, within(1e-9));
        // less its 191 runs (pageoutrun 36,730 -> 36,921) at 118,000 ns: (1,568,716,000 - 22,538,000) / 784,358 = 1,971.3
        assertThat(r.reclaimScanNs()).isEqualTo(1971);
        assertThat(r.minFreeKbytes()).isEqualTo(67_584); // its sysctl-vm.txt
        Files.writeString(d.resolve("kswapd.schedstat.after"), "kswapd0\n");
        assertThatThrownBy(() -> Recording.open(d)).hasMessage(d.resolve("kswapd.schedstat.after")
                + ":1: expected NAME RUN_NS WAIT_NS SLICES, got 'kswapd0'");
    }

    /**
     * The command's CPU time (manifest.json commandCpu: 1.2 + 0.3 s) and the inactive pages its own
     * direct reclaim scanned: two shrink_inactive lines of comm "fio" (the command's program) with 600 and
     * 400 pages count, one of a kworker with 5,000 does not. With kswapd's 2,000 ns a page (the test
     * above), --write-page-ns is (1.5e9 - 1,000 x 2,000) / (the bytes app.csv wrote / 4,096).
     */
    @Test
    void theCommandsCpuTimeLessItsDirectReclaimGivesTheWriteCost() throws IOException {
        Path d = tmp.resolve("pressure");
        Files.createDirectories(d);
        try (var s = Files.list(FIXTURES.resolve("pressure"))) {
            for (Path f : s.toList()) {
                Files.copy(f, d.resolve(f.getFileName()));
            }
        }
        assertThat(Recording.open(d).writePageNs()).isZero(); // recorded before record kept the CPU time
        Files.writeString(d.resolve("kswapd.schedstat.before"), "kswapd0 1000000000 5000 10\n");
        Files.writeString(d.resolve("kswapd.schedstat.after"), "kswapd0 2568716000 9000 20\n");
        String manifest = Files.readString(d.resolve("manifest.json"));
        Files.writeString(d.resolve("manifest.json"), manifest.replaceFirst("\\{", "{\"commandCpu\": {\"userSeconds\": 1.2, \"systemSeconds\": 0.3},"));
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(d.resolve("trace.txt.gz")))) {
            lines = new java.util.ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
        int end = 0;
        while (!lines.get(end).endsWith(Recording.END_MARK)) {
            end++;
        }
        String shrink = " [001] ..... 31794.582700: mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=%d nr_reclaimed=0 nr_dirty=0 "
                + "nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 "
                + "priority=12 flags=RECLAIM_WB_FILE|RECLAIM_WB_ASYNC";
        lines.addAll(end, List.of("             fio-900" + shrink.formatted(600), "             fio-901" + shrink.formatted(400),
                "     kworker/1:2-77" + shrink.formatted(5000)));
        Files.delete(d.resolve("trace.txt.gz"));
        Files.writeString(d.resolve("trace.txt"), String.join("\n", lines) + "\n");
        Recording r = Recording.open(d);
        assertThat(r.number("/workload_cpu/cpu_s")).isCloseTo(1.5, within(1e-12));
        assertThat(r.number("/workload_cpu/direct_scanned")).isEqualTo(1000.0);
        double pages = r.number("/fio/written_bytes") / 4096;
        assertThat(pages).isPositive();
        assertThat(r.writePageNs()).isEqualTo(Math.round((1.5e9 - 1000 * 2000.0) / pages));
    }

    /** A copy of the small-files recording with trace.txt plain, to break. */
    private Path copy() throws IOException {
        Path d = tmp.resolve("rec");
        Files.createDirectories(d);
        try (var s = Files.list(FIXTURES.resolve("small-files"))) {
            for (Path f : s.toList()) {
                Files.copy(f, d.resolve(f.getFileName()));
            }
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(d.resolve("trace.txt.gz")))) {
            Files.copy(in, d.resolve("trace.txt"));
        }
        Files.delete(d.resolve("trace.txt.gz"));
        return d;
    }

    @Test
    void aTruncatedTraceIsRefused() throws IOException {
        Path d = copy();
        byte[] all = Files.readAllBytes(d.resolve("trace.txt"));
        Files.write(d.resolve("trace.txt"), java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> Recording.open(d)).hasMessageStartingWith(d.resolve("trace.txt") + ": byte " + all.length / 2
                + ": the last line is cut short");
        // cut at a line's end: the end marker is missing
        String text = new String(all, StandardCharsets.UTF_8);
        Files.writeString(d.resolve("trace.txt"), text.substring(0, text.lastIndexOf('\n', text.length() / 2) + 1));
        assertThatThrownBy(() -> Recording.open(d)).hasMessage(d.resolve("trace.txt")
                + ": no 'wbreplay-record: end' marker: the trace is cut short or not one of wbreplay record");
        // a gzip cut short
        byte[] gz = gzip(all);
        Files.delete(d.resolve("trace.txt"));
        Files.write(d.resolve("trace.txt.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> Recording.open(d)).hasMessageStartingWith(d.resolve("trace.txt.gz") + ": not whole gzip data");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var b = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(data);
        }
        return b.toByteArray();
    }

    @Test
    void aRecordingOfAnotherDeviceIsRefused() throws IOException {
        Path d = copy();
        Path mf = d.resolve("manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"loop0 (7:0)\"", "\"vda (254:0)\""));
        assertThatThrownBy(() -> Recording.open(d).blockMetrics()).hasMessage(d.resolve("trace.txt")
                + ": block events of device 7:0 but manifest.json says the recording is of vda (254:0): a recording of another device");
    }

    @Test
    void missingEventsAreMissingNotZero() throws IOException {
        Path d = copy();
        Path mf = d.resolve("manifest.json");
        // as if this kernel had no balance_dirty_pages and no vmscan throttling tracepoints
        Files.writeString(mf, Files.readString(mf).replace("\"writeback/balance_dirty_pages\", ", "")
                .replace(", \"vmscan/mm_vmscan_throttled\"", ""));
        Recording r = Recording.open(d);
        assertThat(r.number("/trace/balance_dirty_pages/paused")).isNull();
        assertThat(r.object("/trace/throttled")).isNull();
        assertThat(r.number("/trace/events/mm_vmscan_kswapd_wake")).isZero(); // enabled, never fired: 0
        Files.delete(d.resolve("app.csv.gz"));
        assertThatThrownBy(() -> Recording.open(d).iolog()).hasMessageStartingWith(d.resolve("app.csv") + ": no such file");
        Files.delete(d.resolve("vmstat.after"));
        assertThatThrownBy(() -> Recording.open(d)).hasMessageStartingWith(d.resolve("vmstat.after") + ": no such file");
    }

    @Test
    void theDevicesFirstRatesInTheRunStartTheModel() throws IOException {
        Path d = copy();
        String text = Files.readString(d.resolve("trace.txt"));
        String start = "tracing_mark_write: wbreplay-record: start\n";
        int at = text.indexOf(start) + start.length();
        // lines as 6.18 prints them (recording P): another device's first, then this device's twice; one before the start mark
        String before = "fio-1 [000] ..... 30339.000001: balance_dirty_pages: bdi 7:0: limit=9 setpoint=9 dirty=9 wb_setpoint=9 wb_dirty=9 "
                + "dirty_ratelimit=11 task_ratelimit=9 dirtied=9 dirtied_pause=9 paused=0 pause=0 period=0 think=0 cgroup_ino=1\n";
        String in = "fio-1 [000] ..... 30339.400000: balance_dirty_pages: bdi 254:0: limit=9 setpoint=9 dirty=9 wb_setpoint=9 wb_dirty=9 "
                + "dirty_ratelimit=22 task_ratelimit=9 dirtied=9 dirtied_pause=9 paused=0 pause=0 period=0 think=0 cgroup_ino=1\n"
                + "fio-1 [000] ..... 30339.400001: bdi_dirty_ratelimit: bdi 7:0: write_bw=258332 awrite_bw=107380 dirty_rate=1368304 "
                + "dirty_ratelimit=283828 task_ratelimit=2247068 balanced_dirty_ratelimit=107380 cgroup_ino=1\n"
                + "fio-1 [000] ..... 30339.400002: balance_dirty_pages: bdi 7:0: limit=9 setpoint=9 dirty=9 wb_setpoint=9 wb_dirty=9 "
                + "dirty_ratelimit=283828 task_ratelimit=9 dirtied=9 dirtied_pause=9 paused=0 pause=0 period=0 think=0 cgroup_ino=1\n"
                + "fio-1 [000] ..... 30339.400003: bdi_dirty_ratelimit: bdi 7:0: write_bw=1 awrite_bw=2 dirty_rate=3 "
                + "dirty_ratelimit=4 task_ratelimit=5 balanced_dirty_ratelimit=6 cgroup_ino=1\n"
                + "fio-1 [000] ..... 30339.400004: balance_dirty_pages: bdi 7:0: limit=9 setpoint=9 dirty=9 wb_setpoint=9 wb_dirty=9 "
                + "dirty_ratelimit=33 task_ratelimit=9 dirtied=9 dirtied_pause=9 paused=0 pause=0 period=0 think=0 cgroup_ino=1\n";
        int s0 = text.lastIndexOf('\n', text.indexOf(start)) + 1;
        Files.writeString(d.resolve("trace.txt"), text.substring(0, s0) + before + text.substring(s0, at) + in + text.substring(at));
        Recording r = Recording.open(d);
        assertThat(r.initialDirtyRatelimitBytes()).isEqualTo(283828L * 1024);
        assertThat(r.initialWriteBandwidthBytes()).isEqualTo(107380L * 1024);
        // the committed recording has neither event of its device: the model starts at INIT_BW
        assertThat(Recording.open(FIXTURES.resolve("small-files")).initialDirtyRatelimitBytes()).isZero();
    }

    @Test
    void sizeDistanceIsTheLargestGapOfTheCumulativeShares() {
        var a = new java.util.TreeMap<Long, Long>(java.util.Map.of(4096L, 3L, 8192L, 1L));
        var b = new java.util.TreeMap<Long, Long>(java.util.Map.of(8192L, 2L));
        // at 4096: 3/4 against 0; at 8192: 1 against 1
        assertThat(BlockMetrics.ksDistance(a, b)).isEqualTo(0.75);
        assertThat(BlockMetrics.ksDistance(a, a)).isZero();
        assertThat(BlockMetrics.ksDistance(a, new java.util.TreeMap<>())).isNaN();
    }
}
