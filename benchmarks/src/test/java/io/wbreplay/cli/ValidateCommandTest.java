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
                 "vmstat_delta": {"pgscan_kswapd": 0, "pgscan_direct": 0},
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
            if (m.path("metric").asText().equals("MB written by the workload")) {
                written = m;
            } else if (m.path("metric").asText().equals("pgscan_direct")) {
                direct = m;
            }
        }
        // the iolog writes a 16 MiB file once, 4 KiB at a time: 4,096 pages dirtied
        assertThat(written.path("model").asDouble()).isEqualTo(4096 * 4096 / 1e6);
        assertThat(written.path("real").asDouble()).isEqualTo(16.8);
        // 16 MiB in 512 MiB available: no direct reclaim, as recorded
        assertThat(direct.path("model").asDouble()).isZero();
        assertThat(direct.path("within2x").asBoolean()).isTrue();
        assertThat(cli.out.toString()).contains("MB written by the workload").contains("missing"); // no shrink sums recorded
        assertThat(Files.list(rec).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("run.env", "summary.json", "fio.iolog.gz"); // nothing written into the recording
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
        assertThat(metric(v, "MB written by the workload").path("real").asDouble()).isEqualTo(134.217728);
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
