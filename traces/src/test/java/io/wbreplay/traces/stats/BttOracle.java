package io.wbreplay.traces.stats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code blkparse} and {@code btt}, run as the reference for the seek statistics. Tests skip
 * (with a reason) where blktrace's tools are not installed.
 */
final class BttOracle {
    /** One seek line of {@code btt -X} ({@code QSK}/{@code DSK}): nseeks, mean (%.9lf), median, modes. */
    record Row(String table, String device, long nseeks, String mean, long median, long modeCount, List<Long> modes) {
    }

    private BttOracle() {
    }

    static void assumeInstalled() {
        assumeTrue(onPath("btt") && onPath("blkparse"), "blktrace's btt and blkparse are not installed");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command; returns its standard output; fails on a non-zero exit or after 60 s. */
    static String run(Path dir, Path stdin, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Path out = dir.resolve("stdout-" + System.nanoTime());
        pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue());
        }
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    /** {@code btt -X} on a blkparse -d style binary; returns its QSK and DSK rows. */
    static List<Row> seekRows(Path dir, Path bin) throws IOException, InterruptedException {
        run(dir, null, "btt", "-i", bin.toString(), "-X", "-o", dir.resolve("btt").toString());
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("btt.xvg"), StandardCharsets.ISO_8859_1)) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("QSK") || f[0].equals("DSK")) {
                List<Long> modes = new ArrayList<>();
                modes.add(Long.parseLong(f[5]));
                for (int i = 7; i < f.length; i++) {
                    modes.add(Long.parseLong(f[i]));
                }
                rows.add(new Row(f[0], f[1], Long.parseLong(f[2]), f[3], Long.parseLong(f[4]),
                        Long.parseLong(f[6]), modes));
            }
        }
        return rows;
    }

    /** A file of native-order {@code struct blk_io_trace} records, as {@code blkparse -d} writes. */
    static final class Blktrace {
        static final int QUEUE = 1;
        static final int ISSUE = 7;
        static final int COMPLETE = 8;
        private static final int WRITE_CATEGORY = 1 << 1;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 22).order(ByteOrder.nativeOrder());
        private int sequence;

        void add(long timeNs, int action, int device, long sector, int bytes) {
            buf.putInt(0x65617407); // BLK_IO_TRACE_MAGIC | version 7
            buf.putInt(++sequence);
            buf.putLong(timeNs);
            buf.putLong(sector);
            buf.putInt(bytes);
            buf.putInt(action | WRITE_CATEGORY << 16);
            buf.putInt(100); // pid
            buf.putInt(device);
            buf.putInt(0); // cpu
            buf.putShort((short) 0); // error
            buf.putShort((short) 0); // pdu_len
        }

        void write(Path file) throws IOException {
            Files.write(file, java.util.Arrays.copyOf(buf.array(), buf.position()));
        }
    }
}
