package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.formats.TraceFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded mutations of the shipped samples for every reader: truncation at every record boundary and in
 * the middle of records, byte flips, duplicated and dropped lines, extreme numbers. Each case, read
 * strictly and leniently (and sniffed), must give a result or a one-line {@link TraceFormatException}
 * naming the file: never another exception, never a hang (a timeout per case); a result must convert to
 * wbreplay's CSV and read back the same. The number of mutations per sample is
 * {@code -Dwbreplay.fuzz.rounds} (1 in the test run; the {@code soak} Maven profile raises it).
 */
class FuzzTest {
    private static final int ROUNDS = Integer.getInteger("wbreplay.fuzz.rounds", 1);
    private static final long SEED = Long.getLong("wbreplay.fuzz.seed", 16);
    private static final int BASE_LINES = 120;
    private static final long TIMEOUT_MS = 10_000;
    private static final String[] EXTREMES = {"18446744073709551615", "18446744073709551616", "9223372036854775807",
        "9223372036854775808", "-1", "-9223372036854775808", "99999999999999999999999", "4294967296", "2147483648", "0",
        "1e308", "NaN", ""};

    private static final Map<String, long[]> OUTCOMES = new LinkedHashMap<>();
    private static ExecutorService executor;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void report() {
        executor.shutdownNow();
        long cases = 0;
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, long[]> e : OUTCOMES.entrySet()) {
            long[] c = e.getValue();
            cases += c[0];
            b.append(String.format("%n  %-14s %6d cases: strict %6d results %6d errors; lenient %6d results %6d errors",
                    e.getKey(), c[0], c[1], c[2], c[3], c[4]));
        }
        System.out.println("fuzz: " + cases + " cases (seed " + SEED + ", rounds " + ROUNDS + ")" + b);
    }

    private static Path sample(String name) {
        Path p = Path.of("samples").resolve(name);
        return Files.exists(p) ? p : Path.of("src/test/resources").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wbreplay-csv:synth-streams.csv", "fio-iolog:fio-randwrite-4k.iolog",
        "tracepoint:tracefs-loop-dd-seqwrite.txt", "tracepoint:tracepoint/loop-perf-script.txt",
        "blkparse:blktrace/all-actions.txt", "msr:dataset/msr-sample.csv", "spc:dataset/spc-sample.csv"})
    void textReader(String formatAndSample) throws Exception {
        String[] fs = formatAndSample.split(":");
        List<byte[]> lines = lines(Files.readAllBytes(sample(fs[1])), BASE_LINES);
        fuzz(fs[0], cases(lines, new Random(SEED ^ fs[1].hashCode())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tracefs-loop-dd-seqwrite.txt", "tracefs-loop-fio-randwrite-4k.txt"})
    void blktraceReader(String sample) throws Exception {
        Path name = dir.resolve("base");
        try (TraceReader in = TraceFormats.open(sample(sample), null, ReadOptions.STRICT);
             TraceWriter out = TraceFormats.byName("blktrace").create(name)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                out.write(r);
            }
        }
        byte[] all = Files.readAllBytes(dir.resolve("base.blktrace.0"));
        Random random = new Random(SEED ^ sample.hashCode());
        List<byte[]> cases = new ArrayList<>();
        int[] boundaries = recordBoundaries(all);
        for (int end : boundaries) {
            cases.add(Arrays.copyOf(all, end));
            if (end + 20 < all.length) {
                cases.add(Arrays.copyOf(all, end + 1 + random.nextInt(47))); // in the middle of the next record
            }
        }
        for (int i = 0; i < 150 * ROUNDS; i++) {
            byte[] c = all.clone();
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                c[random.nextInt(c.length)] = (byte) random.nextInt(256);
            }
            cases.add(c);
        }
        for (int i = 0; i < 40 * ROUNDS; i++) {
            // a u64 field (time at +8, sector at +16) or the payload length (+46) of a record set to extremes
            byte[] c = all.clone();
            int at = boundaries[random.nextInt(boundaries.length - 1)];
            int field = new int[] {8, 16, 46}[random.nextInt(3)];
            for (int k = 0; k < (field == 46 ? 2 : 8) && at + field + k < c.length; k++) {
                c[at + field + k] = (byte) (random.nextBoolean() ? 0xff : 0x80);
            }
            cases.add(c);
        }
        fuzz("blktrace", cases);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gz", "xz", "zst", "bz2"})
    void compressedInput(String kind) throws Exception {
        byte[] plain = join(lines(Files.readAllBytes(sample("synth-streams.csv")), BASE_LINES));
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = CompressedAndMultiFileTest.compressing(kind, packed)) {
            out.write(plain);
        }
        byte[] all = packed.toByteArray();
        Random random = new Random(SEED ^ kind.hashCode());
        List<byte[]> cases = new ArrayList<>();
        for (int i = 0; i < 40 * ROUNDS; i++) {
            cases.add(Arrays.copyOf(all, random.nextInt(all.length))); // cut anywhere
            byte[] c = all.clone();
            c[random.nextInt(c.length)] ^= (byte) (1 + random.nextInt(255));
            cases.add(c);
        }
        fuzz("wbreplay-csv." + kind, cases, "wbreplay-csv");
    }

    /** The end offsets of blktrace records (48-byte header plus its payload length at offset 46). */
    private static int[] recordBoundaries(byte[] all) {
        List<Integer> ends = new ArrayList<>();
        int p = 0;
        while (p + 48 <= all.length) {
            int pdu = (all[p + 46] & 0xff) | (all[p + 47] & 0xff) << 8;
            p += 48 + pdu;
            ends.add(Math.min(p, all.length));
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first {@code max} lines of {@code all}, each with its newline. */
    private static List<byte[]> lines(byte[] all, int max) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length && out.size() < max; i++) {
            if (all[i] == '\n') {
                out.add(Arrays.copyOfRange(all, start, i + 1));
                start = i + 1;
            }
        }
        if (out.size() < max && start < all.length) {
            out.add(Arrays.copyOfRange(all, start, all.length));
        }
        return out;
    }

    private static List<byte[]> cases(List<byte[]> lines, Random random) {
        List<byte[]> cases = new ArrayList<>();
        byte[] whole = join(lines);
        int offset = 0;
        for (byte[] line : lines) {
            cases.add(Arrays.copyOf(whole, offset)); // at a record boundary
            if (line.length > 2) {
                cases.add(Arrays.copyOf(whole, offset + 1 + random.nextInt(line.length - 2))); // mid-record
            }
            offset += line.length;
        }
        for (int i = 0; i < 100 * ROUNDS; i++) {
            byte[] c = whole.clone();
            int flips = 1 + random.nextInt(3);
            for (int k = 0; k < flips; k++) {
                c[random.nextInt(c.length)] = (byte) random.nextInt(256);
            }
            cases.add(c);
        }
        for (int i = 0; i < 30 * ROUNDS; i++) {
            List<byte[]> dup = new ArrayList<>(lines);
            int at = random.nextInt(lines.size());
            dup.add(at, lines.get(at));
            cases.add(join(dup));
            List<byte[]> drop = new ArrayList<>(lines);
            drop.remove(random.nextInt(lines.size()));
            cases.add(join(drop));
        }
        for (int i = 0; i < 60 * ROUNDS; i++) {
            List<byte[]> ext = new ArrayList<>(lines);
            int at = random.nextInt(lines.size());
            ext.set(at, extreme(lines.get(at), random));
            cases.add(join(ext));
        }
        return cases;
    }

    /** {@code line} with one run of digits replaced by an extreme number. */
    private static byte[] extreme(byte[] line, Random random) {
        String s = new String(line, StandardCharsets.ISO_8859_1);
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            if (Character.isDigit(s.charAt(i))) {
                int j = i;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                runs.add(new int[] {i, j});
                i = j;
            } else {
                i++;
            }
        }
        if (runs.isEmpty()) {
            return line;
        }
        int[] r = runs.get(random.nextInt(runs.size()));
        String e = EXTREMES[random.nextInt(EXTREMES.length)];
        return (s.substring(0, r[0]) + e + s.substring(r[1])).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        parts.forEach(b::writeBytes);
        return b.toByteArray();
    }

    private void fuzz(String format, List<byte[]> cases) throws Exception {
        fuzz(format, cases, format);
    }

    private void fuzz(String label, List<byte[]> cases, String format) throws Exception {
        long[] counts = OUTCOMES.computeIfAbsent(label, k -> new long[5]);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Path f = dir.resolve("case-" + label + "-" + i);
            Files.write(f, cases.get(i));
            counts[0]++;
            for (boolean lenient : new boolean[] {false, true}) {
                String failure = runCase(f, format, lenient, counts);
                if (failure != null) {
                    failures.add("case " + i + (lenient ? " lenient" : " strict") + ": " + failure);
                }
            }
            Files.delete(f);
        }
        assertThat(failures).as(format + ": " + failures.size() + " failing case(s)").isEmpty();
    }

    /** Null if the case behaved (a result or a one-line error), else what went wrong. */
    private String runCase(Path f, String format, boolean lenient, long[] counts) throws Exception {
        Future<List<IoRecord>> result = executor.submit(() -> {
            try {
                TraceFormats.detect(f); // sniffing alone: a format or a TraceFormatException
            } catch (TraceFormatException e) {
                // expected for many mutations
            }
            return read(f, format, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT, null);
        });
        List<IoRecord> records;
        try {
            records = result.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return "no answer within " + TIMEOUT_MS + " ms (a hang)";
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof TraceFormatException && t.getMessage().startsWith(f.toString() + ": ")
                    && !t.getMessage().contains("\n")) {
                counts[lenient ? 4 : 2]++;
                return null;
            }
            java.io.StringWriter trace = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(trace));
            return t + "\n" + trace.toString().lines().limit(8).reduce("", (a, b) -> a + "\n" + b);
        }
        counts[lenient ? 3 : 1]++;
        return roundTrip(f, format, lenient, records);
    }

    /** Reads {@code f}; with {@code names}, collects the file name of each file-level record too. */
    private static List<IoRecord> read(Path f, String format, ReadOptions options, List<String> names) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        try (TraceReader in = TraceFormats.open(f, format, options)) {
            IoRecord r = new IoRecord();
            while (in.next(r)) {
                out.add(r.copy());
                if (names != null) {
                    names.add(r.isFileLevel() ? in.fileName(r.file) : null);
                }
            }
        }
        return out;
    }

    /** What convert to wbreplay-csv writes reads back as the same records, file names and all. */
    private String roundTrip(Path f, String format, boolean lenient, List<IoRecord> records) throws IOException {
        List<String> names = new ArrayList<>();
        List<IoRecord> again = read(f, format, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT, names);
        Path csv = dir.resolve(f.getFileName() + ".csv");
        try (TraceReader in = TraceFormats.open(f, format, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT);
             TraceWriter out = TraceFormats.byName("wbreplay-csv").create(csv)) {
            IoRecord r = new IoRecord();
            java.util.BitSet named = new java.util.BitSet();
            while (in.next(r)) {
                if (r.isFileLevel() && !named.get(r.file)) {
                    named.set(r.file);
                    out.fileName(r.file, in.fileName(r.file));
                }
                out.write(r);
            }
        }
        List<String> backNames = new ArrayList<>();
        List<IoRecord> back;
        try {
            back = read(csv, "wbreplay-csv", ReadOptions.STRICT, backNames);
        } catch (TraceFormatException e) {
            return "convert wrote a CSV the tool rejects: " + e.getMessage();
        } finally {
            Files.deleteIfExists(csv);
        }
        if (!again.equals(records)) {
            return "two reads of one file differ";
        }
        if (back.size() != records.size()) {
            return "round trip: " + records.size() + " records became " + back.size();
        }
        for (int i = 0; i < back.size(); i++) {
            IoRecord a = records.get(i).copy();
            IoRecord b = back.get(i).copy();
            a.file = b.file = 0;
            if (!a.equals(b) || !java.util.Objects.equals(names.get(i), backNames.get(i))) {
                return "round trip: record " + i + " " + records.get(i) + " read back as " + back.get(i);
            }
        }
        return null;
    }
}
