package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wbreplay validate} end to end on a small recording whose workload is the committed fio iolog, gzipped. */
class ValidateCommandTest {
    @TempDir
    Path tmp;
    Path rec;
    private final Cli cli = new Cli();

    @BeforeEach
    void recording() throws IOException {
        rec = tmp.resolve("rec");
        Files.createDirectories(rec);
        Files.writeString(rec.resolve("run.env"), """
                kernel=6.18.44-fc-v1147
                memtotal_kb=1048576
                dirty_ratio=40
                dirty_background_ratio=10
                throttle=on
                write_bps=52428800
                write_iops=200
                """);
        Files.writeString(rec.resolve("summary.json"), """
                {"fio": {"runtime_s": 0.5, "written_mb": 16.8}, "meminfo_kb": {"before": {"MemAvailable": 524288}},
                 "vmstat_delta": {"pgscan_kswapd": 0, "pgscan_direct": 0, "nr_dirtied": 4200},
                 "trace": {"global_dirty_state": {"limit_first": 40000}}}
                """);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(rec.resolve("fio.iolog.gz")))) {
            Files.copy(ReplayCommandTest.FIO_LOG, out);
        }
    }

    @Test
    void replaysTheGzippedIologConfiguredFromTheRecording() throws IOException {
        Path out = tmp.resolve("out");
        assertThat(cli.run("validate", rec.toString(), "-o", out.toString())).as(cli.err.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(out.resolve("validation.json").toFile());
        JsonNode conf = v.path("configuration");
        assertThat(conf.path("device").asText()).isEqualTo("throttled:52428800:200");
        assertThat(conf.path("pinnedBytes").asLong()).isEqualTo(512L << 20); // 1 GiB MemTotal - 512 MiB available
        assertThat(conf.path("initialDirtyLimitBytes").asLong()).isEqualTo(40000L * 4096);
        assertThat(conf.path("kernel").asText()).isEqualTo("6.x");
        JsonNode written = null;
        JsonNode direct = null;
        for (JsonNode m : v.path("metrics")) {
            if (m.path("metric").asText().equals("pages dirtied (nr_dirtied)")) {
                written = m;
            } else if (m.path("metric").asText().equals("pgscan_direct")) {
                direct = m;
            }
        }
        // the iolog writes a 16 MiB file once, 4 KiB at a time: 4,096 pages dirtied
        assertThat(written.path("model").asDouble()).isEqualTo(4096);
        assertThat(written.path("real").asDouble()).isEqualTo(4200);
        // 16 MiB in 512 MiB available: no direct reclaim, as recorded
        assertThat(direct.path("model").asDouble()).isZero();
        assertThat(direct.path("within2x").asBoolean()).isTrue();
        assertThat(cli.out.toString()).contains("pages dirtied (nr_dirtied)").contains("missing"); // no shrink sums recorded
        assertThat(Files.list(rec).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("run.env", "summary.json", "fio.iolog.gz"); // nothing written into the recording
    }

    /**
     * --strategy replays the validated configuration under each strategy named: the baseline's run among
     * them is the validated model's run itself (same configuration and seed, so the same summary but for
     * the wall time), and the table names each strategy.
     */
    @Test
    void replaysTheValidatedConfigurationUnderEachStrategy() throws IOException {
        Path out = tmp.resolve("out");
        Path kept = tmp.resolve("kept");
        assertThat(cli.run("validate", rec.toString(), "-o", out.toString(), "--keep-model", kept.toString(),
                "--strategy", "writepage,no-reclaim-writeback")).as(cli.err.toString()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode validated = json.readTree(kept.resolve("summary.json").toFile());
        JsonNode baseline = json.readTree(out.resolve("strategies/no-reclaim-writeback/summary.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) validated).remove("wallSeconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) baseline).remove("wallSeconds");
        assertThat(baseline).isEqualTo(validated);
        assertThat(json.readTree(out.resolve("strategies/writepage/summary.json").toFile()).path("strategy").asText()).isEqualTo("writepage");
        assertThat(cli.out.toString()).contains("The same configuration under each strategy (2 runs):")
                .containsPattern("writepage +no-reclaim-writeback");
        assertThat(out.resolve("validation.html")).content().contains("<h2>The same configuration under each strategy</h2>")
                .containsPattern("<pre>\\s+writepage +no-reclaim-writeback");
    }

    @Test
    void anUnknownStrategyIsOneLineNamingIt() throws IOException {
        assertThat(cli.run("validate", rec.toString(), "-o", tmp.resolve("out").toString(), "--strategy", "writepage,nope")).isNotZero();
        assertThat(cli.err.toString().strip()).contains("unknown strategy 'nope'").doesNotContain("\n\tat ");
    }

    /**
     * The other tasks' reads, the machine's CPUs and the allocator's boosting fallbacks the model is given,
     * shown in the heading: run.env's cpus (3 here), pgpgin over pgmajfault (8,000 KiB, 2,000 pages, in 20
     * major faults: 100 pages a fault) and summarize.py's fallbacks a second (3, 0 and 2: 5).
     */
    @Test
    void theHeadingShowsTheOtherTasksReadsTheCpusAndTheFallbacks() throws IOException {
        Files.writeString(rec.resolve("run.env"), Files.readString(rec.resolve("run.env")) + "cpus=3\n");
        Files.writeString(rec.resolve("summary.json"), Files.readString(rec.resolve("summary.json"))
                .replace("\"nr_dirtied\": 4200}", "\"nr_dirtied\": 4200}, \"vmstat_delta_all_reclaim\": {\"pgpgin\": 8000, \"pgmajfault\": 20}")
                .replace("\"limit_first\": 40000}", "\"limit_first\": 40000}, \"extfrag\": {\"boosts_per_s\": [3, 0, 2]}"));
        Path out = tmp.resolve("out");
        assertThat(cli.run("validate", rec.toString(), "-o", out.toString())).as(cli.err.toString()).isZero();
        JsonNode conf = new ObjectMapper().readTree(out.resolve("validation.json").toFile()).path("configuration");
        assertThat(conf.path("cpus").asInt()).isEqualTo(3);
        assertThat(conf.path("otherReadPages").asInt()).isEqualTo(100);
        assertThat(conf.path("fallbacksPerS").toString()).isEqualTo("[3,0,2]");
        assertThat(cli.out.toString()).contains(", 100 a fault, 3 CPUs, 5 boosting fallbacks\n");
    }

    /**
     * The other disks' writeback the model is given, shown in the heading: the samples say 4,000 pages
     * ended writeback in 2 s (2,000 a second), the loop device wrote 2.048 MB (500 pages) in fio's 0.5 s
     * (1,000 a second): 1,000 pages a second were the other disks'.
     */
    @Test
    void theHeadingShowsTheOtherDisksWritebackFromTheSamples() throws IOException {
        Files.writeString(rec.resolve("summary.json"), Files.readString(rec.resolve("summary.json"))
                .replace("\"limit_first\": 40000}", "\"limit_first\": 40000}, \"loop_requests\": {\"write_mb\": 2.048}"));
        Files.writeString(rec.resolve("nr_written.samples"), "100.0 nr_written:1000\n102.0 nr_written:5000\n");
        Path out = tmp.resolve("out");
        assertThat(cli.run("validate", rec.toString(), "-o", out.toString())).as(cli.err.toString()).isZero();
        JsonNode conf = new ObjectMapper().readTree(out.resolve("validation.json").toFile()).path("configuration");
        assertThat(conf.path("otherWriteoutPerS").asLong()).isEqualTo(1000);
        assertThat(cli.out.toString()).contains(", other disks' writeback 1000 pages/s, ");
    }

    @Test
    void aTruncatedIologIsOneLineNamingIt() throws IOException {
        byte[] gz = Files.readAllBytes(rec.resolve("fio.iolog.gz"));
        Files.write(rec.resolve("fio.iolog.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThat(cli.run("validate", rec.toString(), "-o", tmp.resolve("out").toString())).isEqualTo(1);
        assertThat(cli.err.toString()).startsWith("wbreplay: " + rec.resolve("fio.iolog.gz") + ": not whole gzip data").hasLineCount(1);
        assertThat(tmp.resolve("out").resolve("validation.json")).doesNotExist();
    }

    @Test
    void aMissingSummaryIsOneLineNamingIt() throws IOException {
        Files.delete(rec.resolve("summary.json"));
        assertThat(cli.run("validate", rec.toString())).isEqualTo(1);
        assertThat(cli.err.toString()).isEqualTo("wbreplay: no such file: " + rec.resolve("summary.json") + System.lineSeparator());
    }

    /**
     * Four writes of the loop device 7:0 in tracefs text, each D2C 500 us + 250 us per 4 KiB (4 KiB 750 us,
     * 8 KiB 1,000 us, 16 KiB 1,500 us, 8 KiB 1,000 us), the first two in flight together, all sequential
     * (no seek): the fit is intercept 500,000 ns, 250,000 / 4,096 = 61.03515625 ns a byte, 2 units.
     */
    private static final String LOOP_TRACE = """
            # tracer: nop
                kworker/u8:3-13198 [000] ..... 100.000000: block_rq_issue: 7,0 W 4096 () 0 + 8 be,0,4 [kworker/u8:3]
                kworker/u8:3-13198 [000] ..... 100.000100: block_rq_issue: 7,0 W 8192 () 8 + 16 be,0,4 [kworker/u8:3]
                         cat-8647  [001] ..s1. 100.000750: block_rq_complete: 7,0 W () 0 + 8 be,0,4 [0]
                         cat-8647  [001] ..s1. 100.001100: block_rq_complete: 7,0 W () 8 + 16 be,0,4 [0]
                         fio-8658  [000] ..... 100.001500: global_dirty_state: dirty=320 writeback=0 bg_thresh=32579 thresh=130477 limit=2394545 dirtied=5743413 written=3298624
                kworker/u8:3-13198 [000] ..... 100.002000: block_rq_issue: 7,0 W 16384 () 24 + 32 be,0,4 [kworker/u8:3]
                         cat-8647  [001] ..s1. 100.003500: block_rq_complete: 7,0 W () 24 + 32 be,0,4 [0]
                kworker/u8:3-13198 [000] ..... 100.004000: block_rq_issue: 7,0 W 8192 () 56 + 16 be,0,4 [kworker/u8:3]
                         cat-8647  [001] ..s1. 100.005000: block_rq_complete: 7,0 W () 56 + 16 be,0,4 [0]
            """;

    private void unthrottled() throws IOException {
        Files.writeString(rec.resolve("run.env"), Files.readString(rec.resolve("run.env")).replace("throttle=on", "throttle=off")
                .replace("write_bps=52428800", "write_bps=0").replace("write_iops=200", "write_iops=0") + "majmin=7:0\n");
    }

    /** An unthrottled run that keeps its trace: the device fitted to the loop device's D2C times, as for wbreplay record. */
    @Test
    void anUnthrottledRunWithItsTraceGetsTheDeviceFittedToIt() throws IOException {
        unthrottled();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(rec.resolve("trace.txt.gz")))) {
            out.write(LOOP_TRACE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Path out = tmp.resolve("out");
        assertThat(cli.run("validate", rec.toString(), "-o", out.toString())).as(cli.err.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(out.resolve("validation.json").toFile());
        Path cal = out.resolve("device.calibration");
        assertThat(v.path("configuration").path("device").asText()).isEqualTo("calibrated:" + cal);
        assertThat(cal).content().contains("source=" + rec.resolve("trace.txt.gz")).contains("samples=4");
        io.wbreplay.replay.device.CalibratedDevice d = io.wbreplay.replay.device.CalibratedDevice.read(cal);
        assertThat(d.interceptNs()).isCloseTo(500_000, org.assertj.core.api.Assertions.within(1.0));
        assertThat(d.nsPerByte()).isCloseTo(61.03515625, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(d.parallelUnits()).isEqualTo(2);
        // the real side's block rows come from the same events
        assertThat(metric(v, "write dispatches (block_rq_issue W)").path("real").asDouble()).isEqualTo(4);
        assertThat(metric(v, "write request size median (KiB)").path("real").asDouble()).isEqualTo(8); // 4, 8, 8, 16: the lower middle
        assertThat(metric(v, "D2C median (ms)").path("real").asDouble()).isEqualTo(1.0); // 0.75, 1, 1, 1.5
        assertThat(metric(v, "D2C mean (ms)").path("real").asDouble()).isCloseTo(1.0625, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void anUnthrottledRunWithoutItsTraceStaysOnTheSsd() throws IOException {
        unthrottled();
        Path out = tmp.resolve("out");
        assertThat(cli.run("validate", rec.toString(), "-o", out.toString())).as(cli.err.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(out.resolve("validation.json").toFile());
        assertThat(v.path("configuration").path("device").asText()).isEqualTo("ssd");
        assertThat(out.resolve("device.calibration")).doesNotExist();
        assertThat(metric(v, "D2C median (ms)").path("real").isNull()).isTrue(); // missing, not 0
    }

    /** blk-throttle holds bios before requests exist: a throttled run keeps its limits as the device, trace or not. */
    @Test
    void aThrottledRunWithItsTraceKeepsTheThrottle() throws IOException {
        Files.writeString(rec.resolve("run.env"), Files.readString(rec.resolve("run.env")) + "majmin=7:0\n");
        Files.writeString(rec.resolve("trace.txt"), LOOP_TRACE);
        Path out = tmp.resolve("out");
        assertThat(cli.run("validate", rec.toString(), "-o", out.toString())).as(cli.err.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(out.resolve("validation.json").toFile());
        assertThat(v.path("configuration").path("device").asText()).isEqualTo("throttled:52428800:200");
        assertThat(out.resolve("device.calibration")).doesNotExist();
    }

    @Test
    void aTruncatedTraceIsOneLineNamingIt() throws IOException {
        unthrottled();
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(LOOP_TRACE.repeat(20).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.write(rec.resolve("trace.txt.gz"), java.util.Arrays.copyOf(b.toByteArray(), b.size() / 2));
        assertThat(cli.run("validate", rec.toString(), "-o", tmp.resolve("out").toString())).isEqualTo(1);
        assertThat(cli.err.toString()).startsWith("wbreplay: " + rec.resolve("trace.txt.gz") + ": ").hasLineCount(1);
        assertThat(tmp.resolve("out").resolve("validation.json")).doesNotExist();
    }

    /** A recording of wbreplay record (committed), end to end: its syscalls replayed on a device calibrated from it. */
    @Test
    void validatesARecordingOfRecordOnItsCalibratedDevice() throws IOException {
        Path fixture = Path.of("..", "traces", "samples", "recorded", "wbreplay-record", "rand-inmem");
        Path out = tmp.resolve("out");
        assertThat(cli.run("validate", fixture.toString(), "-o", out.toString())).as(cli.err.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(out.resolve("validation.json").toFile());
        JsonNode conf = v.path("configuration");
        Path cal = out.resolve("device.calibration");
        assertThat(conf.path("device").asText()).isEqualTo("calibrated:" + cal);
        assertThat(conf.path("maxSectorsKb").asInt()).isEqualTo(512); // 128 segments of 4 KiB folios
        assertThat(conf.path("nrRequests").asInt()).isEqualTo(128); // queue.txt
        assertThat(conf.path("closedLoop").asBoolean()).isFalse(); // the system calls at their recorded times
        assertThat(cal).content().contains("samples=259"); // every recorded write with its D and C
        // the real side as scripts/record/block-metrics.py computes it (RecordedRunTest has all figures)
        assertThat(metric(v, "write dispatches (block_rq_issue W)").path("real").asDouble()).isEqualTo(259);
        assertThat(metric(v, "write request size median (KiB)").path("real").asDouble()).isEqualTo(512);
        // vmstat.after - vmstat.before: 29,665,733 - 29,630,312 pages became dirty on the machine
        assertThat(metric(v, "pages dirtied (nr_dirtied)").path("real").asDouble()).isEqualTo(35421);
        // the model dispatched something and the rows have both sides (its values are the model's business)
        assertThat(metric(v, "write dispatches (block_rq_issue W)").path("model").isNumber()).isTrue();
        assertThat(v.path("write_request_sizes_bytes").path("real").path("524288").asLong()).isPositive();
        assertThat(cli.out.toString()).contains("D2D seek median (sectors, btt)").contains("error");
        // the HTML report: the same rows, and the two overlays beside it
        assertThat(out.resolve("validation.html")).content().contains("<td>write dispatches (block_rq_issue W)</td><td class=\"n\">259</td>")
                .contains("dirty-over-time.svg").contains("write-sizes.svg");
        assertThat(out.resolve("dirty-over-time.svg")).content().contains("<svg");
        assertThat(out.resolve("write-sizes.png")).isNotEmptyFile();
        // the calibrated device is usable in replay too
        Path run = tmp.resolve("run");
        assertThat(cli.run("replay", ReplayCommandTest.FIO_LOG.toString(), "-o", run.toString(), "--device", "calibrated:" + cal))
                .as(cli.err.toString()).isZero();
        assertThat(run.resolve("summary.json")).exists();
    }

    private static JsonNode metric(JsonNode v, String name) {
        for (JsonNode m : v.path("metrics")) {
            if (m.path("metric").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
