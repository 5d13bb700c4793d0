package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
