package io.wbreplay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wbreplay record} for real: needs root and a kernel with tracefs; skipped, saying which is
 * missing, elsewhere.
 */
class RecordCommandTest {
    @TempDir
    Path tmp;
    private final Cli cli = new Cli();

    @Test
    void refusesClearlyWhenNotRoot() {
        assertThatThrownBy(() -> RecordCommand.requireRoot(1000))
                .hasMessageStartingWith("record needs root (uid 0, not 1000)");
    }

    private static void assumeRecordable() throws IOException {
        assumeTrue(RecordCommand.uid() == 0, "skipped: wbreplay record needs root, and this test runs as uid " + RecordCommand.uid());
        try (Tracefs t = Tracefs.open()) {
            // available
        } catch (IOException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
        }
    }

    private static long tracefsMounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().filter(l -> l.split(" ")[2].equals("tracefs")).count();
    }

    private static long vmstat(Path file, String item) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(item + " ")) {
                return Long.parseLong(line.substring(item.length() + 1).trim());
            }
        }
        throw new AssertionError(file + ": no " + item);
    }

    @Test
    void recordsAnFsyncedWriteAndLeavesNothingBehind() throws IOException {
        assumeRecordable();
        long mountsBefore = tracefsMounts();
        Path rec = tmp.resolve("rec");
        Path file = tmp.resolve("data");
        int rc = cli.run("record", "-o", rec.toString(), "--device", deviceOf(tmp), "--buffer-kb", "4096", "--",
                "dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=8", "conv=fsync", "status=none");
        assertThat(rc).as(cli.err.toString()).isZero();
        JsonNode m = new ObjectMapper().readTree(rec.resolve("manifest.json").toFile());
        assertThat(m.path("exitCode").asInt()).isZero();
        assertThat(m.path("kernel").asText()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        // whole values: "vm.dirty_ratio=20", not the first character of /proc/sys/vm/dirty_ratio
        assertThat(rec.resolve("sysctl-vm.txt")).content().contains("vm.dirty_ratio=" + Files.readAllLines(Path.of("/proc/sys/vm/dirty_ratio")).get(0).trim() + "\n");
        assertThat(rec.resolve("queue.txt")).content().contains("nr_requests=").contains("max_sectors_kb=");
        // every node has a kswapd (mm/vmscan.c kswapd_run()): its CPU time before and after, NAME RUN_NS WAIT_NS SLICES
        assertThat(rec.resolve("kswapd.schedstat.after")).content().matches("(?s)kswapd0 \\d+ \\d+ \\d+\n.*");
        // 8 MiB written and fsynced: at least 2,048 pages more in vmstat's nr_written (system-wide, so at least)
        assertThat(vmstat(rec.resolve("vmstat.after"), "nr_written") - vmstat(rec.resolve("vmstat.before"), "nr_written"))
                .isGreaterThanOrEqualTo(2048);
        // the block events are filtered to the device: every one names its MAJ,MIN, and writes were issued
        String dev = m.path("device").asText().replaceAll(".*\\((\\d+):(\\d+)\\)", "$1,$2");
        List<String> block = Files.readAllLines(rec.resolve("trace.txt")).stream().filter(l -> l.contains(" block_")).toList();
        assertThat(block).isNotEmpty().allMatch(l -> l.contains(": " + dev + " "));
        assertThat(block).anyMatch(l -> l.contains("block_rq_issue: " + dev + " W"));
        // the application level: dd's write()s of the file, at the offsets its position gives, and its fsync
        String name = file.toAbsolutePath().toString();
        List<String> app = Files.readAllLines(rec.resolve("app.csv")).stream().filter(l -> l.contains("," + name + ",")).toList();
        List<String> writes = app.stream().filter(l -> l.contains(",WRITE,")).map(l -> l.split(",")[8] + "+" + l.split(",")[9]).toList();
        assertThat(writes).containsExactly("0+1048576", "1048576+1048576", "2097152+1048576", "3145728+1048576",
                "4194304+1048576", "5242880+1048576", "6291456+1048576", "7340032+1048576");
        assertThat(app).anyMatch(l -> l.contains(",OPEN,")).anyMatch(l -> l.contains(",FSYNC,")).anyMatch(l -> l.contains(",CLOSE,"));
        assertThat(m.path("appTrace").path("startOffsetNs").asLong()).isPositive();
        // nothing left: no instance, no extra mount, no partial directory
        assertThat(tracefsMounts()).isEqualTo(mountsBefore);
        assertThat(Files.readAllLines(Path.of("/proc/mounts")).stream().filter(l -> l.split(" ")[1].contains("wbreplay-debugfs"))).isEmpty();
        Path instances = Tracefs.SYSTEM.resolve("instances");
        if (Files.isDirectory(instances)) {
            try (var s = Files.list(instances)) {
                assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("wbreplay-record-" + ProcessHandle.current().pid());
            }
        }
        assertThat(tmp.resolve("rec.partial")).doesNotExist();
    }

    /**
     * COMMAND's CPU time, its children's included: a grandchild of COMMAND spins, then writes its own
     * /proc/self/stat (utime and stime, fields 14 and 15, in USER_HZ = 100 ticks a second). manifest.json
     * commandCpu must hold at least that (the kernel's own count of the spinning process) and little more
     * (COMMAND's sh and the cat); the wrapper's file is neither left behind nor in app.csv.
     */
    @Test
    void keepsTheCpuTimeOfTheCommandsWholeTree() throws IOException {
        assumeRecordable();
        Path rec = tmp.resolve("rec");
        Path stat = tmp.resolve("spinner.stat");
        String spin = "i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done; cat /proc/$$/stat > " + stat;
        int rc = cli.run("record", "-o", rec.toString(), "--device", deviceOf(tmp), "--buffer-kb", "1024", "--",
                "sh", "-c", "sh -c '" + spin + "'");
        assertThat(rc).as(cli.err.toString()).isZero();
        String st = Files.readString(stat);
        String[] f = st.substring(st.lastIndexOf(')') + 2).trim().split(" "); // from field 3 (state) on
        double spinner = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        assertThat(spinner).as("the spinner ran on a CPU").isPositive();
        JsonNode cpu = new ObjectMapper().readTree(rec.resolve("manifest.json").toFile()).path("commandCpu");
        double total = cpu.path("userSeconds").asDouble() + cpu.path("systemSeconds").asDouble();
        assertThat(total).isBetween(spinner - 0.005, spinner + 0.2);
        assertThat(rec.resolve(RecordCommand.TIMES)).doesNotExist();
        assertThat(rec.resolve("app.csv")).content().doesNotContain(RecordCommand.TIMES);
    }

    /** sh's times line: dash prints six decimals, bash three; minutes count too. */
    @Test
    void readsTheTimesOfDashAndBash(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("t");
        Files.writeString(t, "0m0.000000s 0m0.004000s\n0m1.500000s 0m0.250000s\n");
        assertThat(RecordCommand.commandCpu(t)).containsEntry("userSeconds", 1.5).containsEntry("systemSeconds", 0.25);
        Files.writeString(t, "0m0.005s 0m0.014s\n1m2.005s 0m0.039s\n");
        assertThat((Double) RecordCommand.commandCpu(t).get("userSeconds")).isCloseTo(62.005, org.assertj.core.data.Offset.offset(1e-9));
        Files.writeString(t, "0m0.005s 0m0.014s\n");
        assertThatThrownBy(() -> RecordCommand.commandCpu(t)).hasMessage(t + ":2: expected sh's times line 'MmS.SSs MmS.SSs' "
                + "(children's user and system time)");
    }

    @Test
    void aFailingCommandIsRecordedWithItsExitCode() throws IOException {
        assumeRecordable();
        Path rec = tmp.resolve("rec");
        assertThat(cli.run("record", "-o", rec.toString(), "--device", deviceOf(tmp), "--buffer-kb", "1024", "--", "false")).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(rec.resolve("manifest.json").toFile()).path("exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void refusesANonEmptyDirectory() throws IOException {
        assumeRecordable();
        Files.writeString(tmp.resolve("x"), "x");
        assertThat(cli.run("record", "-o", tmp.toString(), "--", "true")).isEqualTo(1);
        assertThat(cli.err.toString()).isEqualTo("wbreplay: " + tmp + ": not empty (a recording needs a directory of its own)"
                + System.lineSeparator());
    }

    /** MAJ:MIN of the disk holding {@code dir}; skipped when it is on none (tmpfs, overlay). */
    private static String deviceOf(Path dir) {
        Tracefs.Device d;
        try {
            d = Tracefs.Device.holding(dir);
        } catch (IOException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
            return null;
        }
        return d.major() + ":" + d.minor();
    }
}
