package io.wbreplay.traces;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdUtils;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * The bytes of one trace file, below every format: a gzip, xz, zstd or bzip2 file (recognised by its
 * magic, whatever its name) is decompressed while it is read, with commons-compress. A corrupt or
 * truncated compressed file fails with a {@link TraceFormatException} naming the file, the compressed
 * byte offset and the compression.
 *
 * <p>A pipe or device can be opened once only: {@link io.wbreplay.traces.formats.TraceFormats} reads its head to sniff the format
 * and hands the opened stream on ({@link #handOver}), so that the reader continues where sniffing began.
 */
public final class TraceInput {
    private static final int BUFFER = 1 << 16;
    private static final int MAGIC_BYTES = 16;
    /** Streams of pipes and devices already opened for sniffing, by absolute path. */
    private static final Map<Path, InputStream> HANDED_OVER = new ConcurrentHashMap<>();

    private TraceInput() {
    }

    /** Opens {@code file}, decompressing it if it starts with a gzip, xz, zstd or bzip2 magic. */
    public static InputStream open(Path file) throws IOException {
        InputStream pending = HANDED_OVER.remove(key(file));
        if (pending != null) {
            return pending;
        }
        if (Files.isDirectory(file)) {
            throw new TraceFormatException(file, "byte offset 0", "is a directory; expected a trace file");
        }
        // a channel stream's available() fails on a pipe ("Illegal seek"), a FileInputStream's does not
        InputStream raw = Files.isRegularFile(file) ? Files.newInputStream(file) : new FileInputStream(file.toFile());
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        try {
            String compression = compression(in);
            return compression == null ? in : decompressing(file, compression, in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * A channel over {@code file}'s bytes: the file's own channel when it is a plain regular file (the
     * fast path of the binary readers), else a channel over {@link #open}.
     */
    public static ReadableByteChannel openChannel(Path file) throws IOException {
        if (!HANDED_OVER.containsKey(key(file)) && Files.isRegularFile(file) && compression(file) == null) {
            return FileChannel.open(file, StandardOpenOption.READ);
        }
        return Channels.newChannel(open(file));
    }

    /** "gzip", "xz", "zstd" or "bzip2" if {@code file} starts with that magic, else null. */
    public static String compression(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), MAGIC_BYTES)) {
            return compression(in);
        }
    }

    /** The next {@link #open} of {@code file} (a pipe or device) returns {@code rest} instead of opening it again. */
    public static void handOver(Path file, InputStream rest) {
        HANDED_OVER.put(key(file), rest);
    }

    /** True if {@code file} can be opened more than once and reads the same each time. */
    public static boolean isRereadable(Path file) {
        return Files.isRegularFile(file) || Files.isDirectory(file) || !Files.exists(file);
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private static String compression(BufferedInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC_BYTES];
        in.mark(MAGIC_BYTES);
        int n = 0;
        int r;
        while (n < MAGIC_BYTES && (r = in.read(magic, n, MAGIC_BYTES - n)) > 0) {
            n += r;
        }
        in.reset();
        if (GzipCompressorInputStream.matches(magic, n)) {
            return "gzip";
        }
        if (XZCompressorInputStream.matches(magic, n)) {
            return "xz";
        }
        if (ZstdUtils.matches(magic, n)) {
            return "zstd";
        }
        if (BZip2CompressorInputStream.matches(magic, n)) {
            return "bzip2";
        }
        return null;
    }

    private static InputStream decompressing(Path file, String compression, InputStream in) throws IOException {
        InputStream d;
        try {
            d = switch (compression) {
                case "gzip" -> new GzipCompressorInputStream(in, true);
                case "xz" -> new XZCompressorInputStream(in, true);
                case "zstd" -> new ZstdCompressorInputStream(in);
                default -> new BZip2CompressorInputStream(in, true);
            };
        } catch (IOException e) {
            throw corrupt(file, compression, 0, e);
        }
        return new Decompressed(file, compression, d);
    }

    private static TraceFormatException corrupt(Path file, String compression, long offset, Exception e) {
        String why = e instanceof java.io.EOFException && e.getMessage() == null ? "the file ends early"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new TraceFormatException(file, "compressed byte offset " + offset,
                "corrupt or truncated " + compression + " data (" + why + "); expected a complete " + compression + " file");
    }

    /** A decompressing stream whose failures name the file, the compression and where. */
    private static final class Decompressed extends FilterInputStream {
        private final Path file;
        private final String compression;

        Decompressed(Path file, String compression, InputStream in) {
            super(in);
            this.file = file;
            this.compression = compression;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException | RuntimeException e) {
                throw failure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw failure(e);
            }
        }

        private IOException failure(Exception e) {
            if (e instanceof TraceFormatException t) {
                return t;
            }
            long at = in instanceof InputStreamStatistics s ? s.getCompressedCount() : 0;
            return corrupt(file, compression, at, e);
        }
    }
}
