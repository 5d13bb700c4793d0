package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.formats.TraceFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16's reader-level causes: every bad value is refused where it enters, naming file and line. */
class BadTraceTest {
    static final Path SAMPLES = Path.of("samples");

    @TempDir
    Path dir;

    static long count(Path file, String format, ReadOptions options) throws IOException {
        long n = 0;
        try (TraceReader in = TraceFormats.open(file, format, options)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void cause03_aLineOfManyMegabytesIsAnErrorNotAnOverflow() throws IOException {
        Path f = dir.resolve("long.txt");
        byte[] zeros = new byte[3 << 20];
        Files.write(f, zeros);
        for (String format : List.of("blkparse", "tracepoint", "fio-iolog", "msr", "spc", "wbreplay-csv")) {
            assertThatThrownBy(() -> count(f, format, ReadOptions.LENIENT)).as(format)
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessageStartingWith(f + ": line 1: a line longer than 1 MiB");
        }
    }

    @Test
    void cause04_aByteThatIsNotUtf8IsOneMalformedRowAtItsLine() throws IOException {
        List<String> lines = Files.readAllLines(SAMPLES.resolve("synth-rand-write.csv"));
        byte[][] rows = new byte[lines.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        rows[9] = Arrays.copyOf(rows[9], rows[9].length + 1); // line 10 gets a lone 0xff before its newline
        rows[9][rows[9].length - 2] = (byte) 0xff;
        rows[9][rows[9].length - 1] = '\n';
        Path f = dir.resolve("bad-utf8.csv");
        try (var out = Files.newOutputStream(f)) {
            for (byte[] r : rows) {
                out.write(r);
            }
        }
        assertThatThrownBy(() -> count(f, null, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessage(f + ": line 10: error: expected UTF-8 text, found a byte that is not");
        assertThat(count(f, null, ReadOptions.LENIENT)).isEqualTo(lines.size() - 2); // the header, and line 10
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void cause05_aTracepointSectorOf2To63IsRefusedAtItsLine() throws IOException {
        String ok = "              dd-25050   [000] .....  2922.766536: block_bio_queue: 7,0 WS 20482 + 4096 [dd]\n";
        Path f = write("tp.txt", ok + ok.replace("20482", "9223372036854775808") + ok);
        assertThatThrownBy(() -> count(f, null, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(f + ": line 2: sector 9223372036854775808 + 2097152 bytes ends past 2^63 bytes");
        assertThat(count(f, null, ReadOptions.LENIENT)).isEqualTo(2);
    }

    @Test
    void cause07_anMsrTimestampBeforeTheFirstRowIsMalformed() throws IOException {
        Path f = write("msr.csv", "128166372000000000,src1,0,Write,4096,4096,10\n"
                + "128166371000000000,src1,0,Write,8192,4096,10\n"
                + "128166372000000100,src1,0,Read,0,4096,10\n");
        assertThatThrownBy(() -> count(f, "msr", ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(f + ": line 2: Timestamp 128166371000000000 is before the first record's");
        try (TraceReader in = TraceFormats.open(f, "msr", ReadOptions.LENIENT)) {
            IoRecord r = new IoRecord();
            assertThat(in.next(r)).isTrue();
            assertThat(in.next(r)).isTrue();
            assertThat(r.timeNs).isEqualTo(100 * 100); // 100 ticks of 100 ns
            assertThat(in.next(r)).isFalse();
        }
    }

    @Test
    void cause08_anOffsetWhoseEndPasses2To63IsRefusedAtItsLine() throws IOException {
        Path fio = write("x.iolog", "fio version 2 iolog\n/f add\n/f open\n/f write 9223372036854771712 8192\n/f write 0 4096\n");
        assertThatThrownBy(() -> count(fio, null, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessage(fio + ": line 4: offset 9223372036854771712 + length 8192 ends past 2^63 - 1 bytes");
        assertThat(count(fio, null, ReadOptions.LENIENT)).isEqualTo(2);
        Path csv = write("x.csv", "time_ns,kind,op,pid,cpu,device,sector,file,offset,bytes,flags,error\n"
                + "0,FILE_OP,WRITE,1,0,,,f,9223372036854771712,8192,,0\n");
        assertThatThrownBy(() -> count(csv, null, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessage(csv + ": line 2: offset 9223372036854771712 + length 8192 ends past 2^63 - 1 bytes");
    }

    @Test
    void cause12_aStrictTracepointReadRefusesACutShortLastLine() throws IOException {
        String ok = "              dd-25050   [000] .....  2922.766536: block_bio_queue: 7,0 WS 20482 + 4096 [dd]\n";
        Path f = write("cut.txt", ok + ok + "              dd-25050   [000] .....  2922.766973: block_bio_qu");
        assertThatThrownBy(() -> count(f, null, ReadOptions.STRICT)).isInstanceOf(TraceFormatException.class)
                .hasMessage(f + ": line 3: the last line is cut short (no newline at the end of the file); expected a whole event line");
        assertThat(count(f, null, ReadOptions.LENIENT)).isEqualTo(2);
        assertThat(count(write("whole.txt", ok + ok), null, ReadOptions.STRICT)).isEqualTo(2);
    }
}
