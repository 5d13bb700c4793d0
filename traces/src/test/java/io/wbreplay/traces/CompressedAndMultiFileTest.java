package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import io.wbreplay.traces.formats.TraceFormats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Compressed traces read as their plain bytes; a trace in several files reads as one. */
class CompressedAndMultiFileTest {
    private static final Path SAMPLES = Path.of("samples");

    @TempDir
    Path dir;

    static List<IoRecord> readAll(Path file) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        try (TraceReader in = TraceFormats.open(file, null, ReadOptions.STRICT)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                out.add(r.copy());
            }
        }
        return out;
    }

    static OutputStream compressing(String kind, OutputStream out) throws IOException {
        return switch (kind) {
            case "gz" -> new GZIPOutputStream(out);
            case "xz" -> new XZOutputStream(out, new LZMA2Options());
            case "zst" -> new ZstdOutputStream(out);
            default -> new BZip2CompressorOutputStream(out);
        };
    }

    private Path compress(Path plain, String kind) throws IOException {
        // a name that does not say it is compressed: the magic decides
        Path packed = dir.resolve(plain.getFileName() + "-" + kind);
        try (OutputStream out = compressing(kind, Files.newOutputStream(packed))) {
            Files.copy(plain, out);
        }
        return packed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gz", "xz", "zst", "bz2"})
    void everyFormatReadsTheSameCompressed(String kind) throws IOException {
        for (String sample : List.of("synth-rand-write.csv", "fio-randwrite-4k.iolog", "tracefs-loop-dd-seqwrite.txt")) {
            Path plain = SAMPLES.resolve(sample);
            Path packed = compress(plain, kind);
            assertThat(TraceFormats.detect(packed).name()).isEqualTo(TraceFormats.detect(plain).name());
            List<IoRecord> expected = readAll(plain);
            assertThat(expected).isNotEmpty();
            assertThat(readAll(packed)).as(sample + " through " + kind).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gz", "xz", "zst", "bz2"})
    void blktraceReadsTheSameCompressed(String kind) throws IOException {
        Path name = dir.resolve("t");
        try (TraceReader in = TraceFormats.open(SAMPLES.resolve("tracefs-loop-dd-seqwrite.txt"), null, ReadOptions.STRICT);
             TraceWriter out = TraceFormats.byName("blktrace").create(name)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                out.write(r);
            }
        }
        Path cpu0 = dir.resolve("t.blktrace.0");
        Path packed = compress(cpu0, kind);
        assertThat(TraceFormats.detect(packed).name()).isEqualTo("blktrace");
        assertThat(readAll(packed)).isEqualTo(readAll(cpu0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gz", "xz", "zst", "bz2"})
    void aTruncatedCompressedFileIsAOneLineErrorNamingIt(String kind) throws IOException {
        Path packed = compress(SAMPLES.resolve("synth-rand-write.csv"), kind);
        byte[] all = Files.readAllBytes(packed);
        Path cut = dir.resolve("cut-" + kind);
        Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3));
        assertThatThrownBy(() -> readAll(cut)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(cut + ": compressed byte offset ")
                .hasMessageContaining("corrupt or truncated " + (kind.equals("gz") ? "gzip" : kind.equals("zst") ? "zstd"
                        : kind.equals("bz2") ? "bzip2" : "xz") + " data")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aCorruptGzipIsNamedAsSuch() throws IOException {
        Path packed = compress(SAMPLES.resolve("synth-rand-write.csv"), "gz");
        byte[] all = Files.readAllBytes(packed);
        all[all.length - 6] ^= (byte) 0xff; // in the CRC-32 of the gzip trailer: every line decompresses
        Files.write(packed, all);
        assertThatThrownBy(() -> readAll(packed)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(packed + ": compressed byte offset").hasMessageContaining("gzip");
    }

    @Test
    void aDirectoryAndAGlobAreOneTraceMergedByTime() throws IOException {
        List<String> lines = Files.readAllLines(SAMPLES.resolve("synth-rand-write.csv"));
        String header = lines.get(0);
        int half = lines.size() / 2;
        Path parts = Files.createDirectory(dir.resolve("parts"));
        // the second half first, so that a merge by file order alone would be wrong
        Files.write(parts.resolve("a.csv"), join(header, lines.subList(half, lines.size())));
        Files.write(parts.resolve("b.csv"), join(header, lines.subList(1, half)));
        Files.writeString(parts.resolve(".hidden.tmp"), "not a trace");
        List<IoRecord> whole = readAll(SAMPLES.resolve("synth-rand-write.csv"));
        List<IoRecord> merged = readAll(parts);
        // file ids are renumbered by name: compare everything else
        assertThat(merged).hasSize(whole.size());
        for (int i = 0; i < whole.size(); i++) {
            assertThat(merged.get(i).timeNs).isEqualTo(whole.get(i).timeNs);
            assertThat(merged.get(i).offset).isEqualTo(whole.get(i).offset);
            assertThat(merged.get(i).op).isEqualTo(whole.get(i).op);
        }
        assertThat(readAll(parts.resolve("*.csv"))).isEqualTo(merged);
    }

    @Test
    void msrVolumesKeepTheirOffsetsOnOneClock() throws IOException {
        Path vols = Files.createDirectory(dir.resolve("msr"));
        // volume 0 starts 1 s (10^7 ticks) after volume 1
        Files.writeString(vols.resolve("src1_0.csv"), "128166372010000000,src1,0,Write,4096,4096,10\n"
                + "128166372010000500,src1,0,Read,0,512,10\n");
        Files.writeString(vols.resolve("src1_1.csv"), "128166372000000000,src1,1,Read,8192,4096,10\n"
                + "128166372020000000,src1,1,Write,0,4096,10\n");
        List<IoRecord> r = readAll(vols);
        assertThat(r).extracting(x -> x.timeNs).containsExactly(0L, 1_000_000_000L, 1_000_050_000L, 2_000_000_000L);
        assertThat(r).extracting(x -> IoRecord.minor(x.device)).containsExactly(1, 0, 0, 1);
    }

    @Test
    void filesOfDifferentFormatsAreRefused() throws IOException {
        Path mixed = Files.createDirectory(dir.resolve("mixed"));
        Files.copy(SAMPLES.resolve("synth-rand-write.csv"), mixed.resolve("a.csv"));
        Files.copy(SAMPLES.resolve("fio-randwrite-4k.iolog"), mixed.resolve("b.iolog"));
        assertThatThrownBy(() -> TraceFormats.detect(mixed)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("b.iolog").hasMessageContaining("one format");
    }

    private static byte[] join(String header, List<String> rows) {
        StringBuilder b = new StringBuilder(header).append('\n');
        rows.forEach(r -> b.append(r).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
