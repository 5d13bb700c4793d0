package io.wbreplay.traces.blktrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, causes 6 and 11: u64 fields past 2^63 and absurd payload lengths are malformed records. */
class BlktraceLimitsTest {
    @TempDir
    Path dir;

    private List<IoRecord> read(Path f, ReadOptions options, long[] skipped) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        try (TraceReader in = new BlktraceReader(f, options)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                out.add(r.copy());
            }
            skipped[0] = in.skipped();
        }
        return out;
    }

    @Test
    void cause06_aSectorOrTimeOf2To63IsMalformedNotNegative() throws IOException {
        Path f = dir.resolve("t.blktrace.0");
        Files.write(f, new RawTrace()
                .event(1, 1000, 2048, 4096, RawTrace.Q_WRITE, 7, 0)
                .event(2, 2000, Long.MIN_VALUE, 4096, RawTrace.Q_WRITE, 7, 0)   // sector 2^63
                .event(3, Long.MIN_VALUE, 4096, 4096, RawTrace.Q_WRITE, 7, 0)   // time 2^63 ns
                .event(4, 3000, Long.MAX_VALUE / 512, 4096, RawTrace.Q_WRITE, 7, 0) // ends past 2^63 bytes
                .event(5, 4000, 8192, 4096, RawTrace.Q_WRITE, 7, 0)
                .bytes());
        // records are 48 bytes each: the second starts at byte 48
        assertThatThrownBy(() -> read(f, ReadOptions.STRICT, new long[1])).isInstanceOf(TraceFormatException.class)
                .hasMessage(f + ": byte offset 48: sector 9223372036854775808 + 4096 bytes ends past 2^63 bytes;"
                        + " expected a sector below 18014398509481984");
        long[] skipped = new long[1];
        List<IoRecord> r = read(f, ReadOptions.LENIENT, skipped);
        assertThat(r).extracting(x -> x.sector).containsExactly(2048L, 8192L);
        assertThat(r).extracting(x -> x.timeNs).containsExactly(0L, 3000L);
        assertThat(skipped[0]).isEqualTo(3);
    }

    @Test
    void cause11_anAbsurdPayloadLengthSkipsOneRecordNotTheThousandsItCovers() throws IOException {
        RawTrace t = new RawTrace();
        for (int i = 0; i < 2000; i++) {
            t.event(i, 1000L * (i + 1), 8L * i, 4096, RawTrace.Q_WRITE, 7, 0);
        }
        byte[] all = t.bytes();
        int bad = 48 * 10; // record 10's payload length (bytes 46-47, little-endian) set to 0xffff
        all[bad + 46] = (byte) 0xff;
        all[bad + 47] = (byte) 0xff;
        Path f = dir.resolve("pdu.blktrace.0");
        Files.write(f, all);
        long[] skipped = new long[1];
        List<IoRecord> r = read(f, ReadOptions.LENIENT, skipped);
        assertThat(r).hasSize(1999);
        assertThat(skipped[0]).isEqualTo(1);
        assertThat(r.get(10).sector).isEqualTo(88); // record 11 follows record 9
        assertThatThrownBy(() -> read(f, ReadOptions.STRICT, new long[1]))
                .hasMessage(f + ": byte offset 480: payload length 65535 is over 512 bytes;"
                        + " expected a blktrace payload (a process name, a message or a command)");
    }
}
