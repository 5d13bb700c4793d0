package io.wbreplay.traces.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.json.Decimal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BttSeekStats against the real btt: the same events must give the numbers btt prints. */
class BttSeekStatsTest {
    private static final Path SAMPLE = Path.of("/work/shared/traces-public/blktrace-takeoverjp/sample.blktrace.0");

    @TempDir
    Path dir;

    @Test
    void realNvmeSampleMatchesBtt() throws Exception {
        BttOracle.assumeInstalled();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(SAMPLE), "public sample not present: " + SAMPLE);
        // The sample's records say cpu 1 though the file is named .blktrace.0, so blkparse reads it as a
        // stream from stdin; -d writes the merged binary btt reads.
        Path bin = dir.resolve("sample.bin");
        String text = BttOracle.run(dir, SAMPLE, "blkparse", "-i", "-", "-d", bin.toString());
        BttSeekStats stats = new BttSeekStats();
        int events = feedBlkparseText(text, stats);
        assertThat(events).isEqualTo(3 * 963);

        List<BttOracle.Row> rows = BttOracle.seekRows(dir, bin);
        assertThat(rows).hasSize(2);
        int device = IoRecord.device(259, 0);
        assertMatches(rows, "259,0", stats.q2q(device), stats.d2d(device));
        // and the human table: "(259,  0) |             963      43322159.7               0 | 49192(2)"
        String table = BttOracle.run(dir, null, "btt", "-i", bin.toString());
        assertThat(table).contains(String.format("%15d %15s %15d | %s", 963, stats.d2d(device).meanText(),
                stats.d2d(device).median(), "" + stats.d2d(device).mode() + "(" + stats.d2d(device).modeCount() + ")"));
        assertThat(stats.d2d(device).nmodes()).isEqualTo(4);
    }

    /** Random Q/D/C streams on two devices with ties, overlaps, re-queued sectors and zero-byte events. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomStreamsMatchBtt(long seed) throws Exception {
        BttOracle.assumeInstalled();
        Random rnd = new Random(seed);
        BttOracle.Blktrace trace = new BttOracle.Blktrace();
        BttSeekStats stats = new BttSeekStats();
        int[] devs = {IoRecord.device(8, 0), IoRecord.device(8, 16)};
        List<long[]> pending = new ArrayList<>(); // {device index, sector, bytes}
        long[] next = new long[2];
        boolean strided = seed % 2 == 0;
        long time = 0;
        int n = 1500 + rnd.nextInt(1500);
        for (int i = 0; i < n; i++) {
            time += 1 + rnd.nextInt(5000);
            int choice = rnd.nextInt(10);
            if (choice < 5 || pending.isEmpty()) {
                int d = rnd.nextInt(2);
                int bytes = rnd.nextInt(20) == 0 ? 0 : (1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 64)) * 512;
                long sector;
                if (strided && rnd.nextInt(5) != 0) {
                    sector = next[d]; // 8-sector gaps: one distance holds most seeks, so btt's median is not 0
                } else {
                    sector = rnd.nextInt(4) == 0 ? rnd.nextInt(64) * 8L : (long) rnd.nextInt(1 << 22);
                }
                next[d] = sector + bytes / 512 + 8;
                trace.add(time, BttOracle.Blktrace.QUEUE, devs[d], sector, bytes);
                stats.queue(devs[d], sector, bytes);
                pending.add(new long[] {d, sector, bytes});
            } else if (choice < 8) {
                long[] io = pending.get(rnd.nextInt(pending.size()));
                int d = (int) io[0];
                trace.add(time, BttOracle.Blktrace.ISSUE, devs[d], io[1], (int) io[2]);
                stats.issue(devs[d], io[1], io[2]);
            } else {
                long[] io = pending.remove(rnd.nextInt(pending.size()));
                int d = (int) io[0];
                // now and then complete a wider range than was queued, releasing several Qs at once
                long bytes = rnd.nextInt(8) == 0 ? io[2] + 512L * rnd.nextInt(4096) : io[2];
                trace.add(time, BttOracle.Blktrace.COMPLETE, devs[d], io[1], (int) bytes);
            }
        }
        Path bin = dir.resolve("random.bin");
        trace.write(bin);
        List<BttOracle.Row> rows = BttOracle.seekRows(dir, bin);
        assertThat(rows).hasSize(4);
        assertMatches(rows, "8,0", stats.q2q(devs[0]), stats.d2d(devs[0]));
        assertMatches(rows, "8,16", stats.q2q(devs[1]), stats.d2d(devs[1]));
        if (strided) {
            assertThat(stats.q2q(devs[0]).median()).isEqualTo(8);
        }
    }

    @Test
    void requeuedSectorsAndZeroByteEvents() {
        BttSeekStats s = new BttSeekStats();
        int dev = IoRecord.device(8, 0);
        s.queue(dev, 800, 4096);
        s.queue(dev, 800, 4096); // queued again before completing: btt still counts it
        s.queue(dev, 1600, 0); // a flush: ignored
        assertThat(s.q2q(dev).nseeks()).isEqualTo(2);
        s.issue(dev, 800, 0); // zero bytes: ignored
        s.issue(dev, 800, 4096);
        s.issue(dev, 800, 4096); // dispatches are never dropped
        assertThat(s.d2d(dev).nseeks()).isEqualTo(2);
        assertThat(s.d2d(dev).mean()).isEqualTo(400.0); // 800, then 0 (overlap)
        assertThat(s.devices()).containsExactly(dev);
        assertThat(s.q2q(IoRecord.device(9, 9))).isEqualTo(SeekSummary.EMPTY);
    }

    private static void assertMatches(List<BttOracle.Row> rows, String device, SeekSummary q2q, SeekSummary d2d) {
        for (BttOracle.Row row : rows) {
            if (!row.device().equals(device)) {
                continue;
            }
            SeekSummary s = row.table().equals("QSK") ? q2q : d2d;
            String what = row.table() + " " + device;
            assertThat(s.nseeks()).as(what + " nseeks").isEqualTo(row.nseeks());
            assertThat(Decimal.fixed(s.mean(), 9)).as(what + " mean").isEqualTo(row.mean());
            assertThat(s.median()).as(what + " median").isEqualTo(row.median());
            assertThat(s.modeCount()).as(what + " mode count").isEqualTo(row.modeCount());
            assertThat(s.nmodes()).as(what + " number of modes").isEqualTo(row.modes().size());
            List<Long> expected = row.modes().subList(0, Math.min(row.modes().size(), SeekSummary.LISTED_MODES));
            assertThat(s.modes()).as(what + " modes").containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /**
     * Feeds the Q, D and C lines of blkparse's default text output: {@code DEV CPU SEQ TIME PID ACTION
     * RWBS SECTOR + BLOCKS [...]}.
     */
    private static int feedBlkparseText(String text, BttSeekStats stats) throws IOException {
        int n = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[8].equals("+") || !f[0].contains(",")) {
                continue;
            }
            String[] mm = f[0].split(",");
            int dev = IoRecord.device(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]));
            long sector = Long.parseLong(f[7]);
            long bytes = Long.parseLong(f[9]) * 512;
            switch (f[5]) {
                case "Q" -> stats.queue(dev, sector, bytes);
                case "D" -> stats.issue(dev, sector, bytes);
                case "C" -> {
                    // completions play no part in the seek tables
                }
                default -> {
                    continue;
                }
            }
            n++;
        }
        return n;
    }

    @Test
    void oracleFileIsReadable() throws IOException {
        // guards the test helper itself: one record is 48 bytes
        BttOracle.Blktrace t = new BttOracle.Blktrace();
        t.add(0, BttOracle.Blktrace.QUEUE, 1, 2, 512);
        Path f = dir.resolve("one.bin");
        t.write(f);
        assertThat(Files.size(f)).isEqualTo(48);
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).isNotEmpty();
    }
}
