package io.wbreplay.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.KernelEra;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A recording of the real kernel made by {@code scripts/record-reclaim.sh} and summarised by
 * {@code scripts/record/summarize.py} (traces/samples/recorded/README.md): {@code run.env} (the run's
 * settings, KEY=VALUE), {@code summary.json} (vmstat deltas, shrink_inactive sums, tracepoint counts),
 * the workload's fio iolog ({@code fio.iolog.gz}) and, in newer recordings, the whole tracefs text
 * ({@code trace.txt.gz}). It says how to configure the model as the recorded machine was: memory, what
 * the memory hog pinned, the dirty ratios, the device and the era.
 */
public final class Recording {
    public static final String ENV = "run.env";
    /** The trace_marker texts {@code wbreplay record} writes around the command (tracing_mark_write in trace.txt). */
    public static final String START_MARK = "wbreplay-record: start";
    public static final String END_MARK = "wbreplay-record: end";
    /** wbreplay record's application-level trace: the command's file I/O system calls as wbreplay CSV. */
    public static final String APP_TRACE = "app.csv";
    /** wbreplay record's samples of the device's own dirty and writeback kB (debugfs bdi stats). */
    public static final String BDI_SAMPLES = "bdi.samples";
    public static final String SUMMARY = "summary.json";
    /** record-reclaim.sh's whole tracefs text, plain or gzip-compressed, when a recording keeps it (runs Q and R do). */
    public static final String[] TRACES = {"trace.txt", "trace.txt.gz"};
    /** The workload's fio iolog, gzip-compressed or plain. */
    public static final String[] IOLOGS = {"fio.iolog.gz", "fio.iolog"};
    private static final long PAGE = 4096;

    private final Path dir;
    private final Map<String, String> env;
    private final JsonNode summary;
    /** A recording of {@code wbreplay record}, or null for one of record-reclaim.sh. */
    private final RecordedRun run;
    /** The fields of meminfo.samples' first line, read once ({@link #meminfoAtStart}). */
    private String[] startSample;

    private Recording(Path dir, Map<String, String> env, JsonNode summary, RecordedRun run) {
        this.dir = dir;
        this.env = env;
        this.summary = summary;
        this.run = run;
    }

    /** Reads {@code dir}, refusing with a one-line message naming the file when it is not a recording of this layout. */
    public static Recording open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory (expected a recording: manifest.json, trace.txt, app.csv of wbreplay record, "
                    + "or run.env, summary.json, fio.iolog.gz of record-reclaim.sh)");
        }
        if (RecordedRun.isOne(dir)) {
            RecordedRun run = RecordedRun.read(dir);
            Recording r = new Recording(dir, run.env, run.summary, run);
            r.dirtyRatio();
            r.dirtyBackgroundRatio();
            r.era();
            return r;
        }
        Path summaryFile = dir.resolve(SUMMARY);
        if (!Files.exists(dir.resolve(ENV)) && Files.exists(summaryFile)) {
            throw new IOException(dir + ": no " + ENV + ": not a recording of scripts/record-reclaim.sh"
                    + (Files.exists(dir.resolve("timeseries.csv")) ? " (it looks like a wbreplay replay run directory)" : ""));
        }
        Map<String, String> env = readEnv(dir.resolve(ENV));
        JsonNode summary = readJson(summaryFile);
        if (summary == null || !summary.isObject()) {
            throw new IOException(summaryFile + ": expected a JSON object");
        }
        for (String section : new String[] {"vmstat_delta", "fio", "meminfo_kb"}) {
            if (!summary.path(section).isObject()) {
                throw new IOException(summaryFile + ": no '" + section + "' object: not a summary by scripts/record/summarize.py");
            }
        }
        Recording r = new Recording(dir, env, summary, null);
        for (String key : new String[] {"kernel", "memtotal_kb", "dirty_ratio", "dirty_background_ratio", "throttle"}) {
            r.env(key);
        }
        r.memAvailableAtStartKb();
        r.device();
        return r;
    }

    /** run.env: one KEY=VALUE a line, blank lines and # comments allowed. */
    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    throw new IOException(file + ": line " + n + ": expected KEY=VALUE, found '" + t + "'");
                }
                env.put(t.substring(0, eq), t.substring(eq + 1));
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + ": not UTF-8 text");
        }
        return env;
    }

    public Path dir() {
        return dir;
    }

    /** The recording's name: its directory's. */
    public String name() {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }

    /** A run.env setting; an IOException naming the file when it is missing. */
    public String env(String key) throws IOException {
        String v = env.get(key);
        if (v == null || v.isEmpty()) {
            throw new IOException(dir.resolve(ENV) + ": no " + key + "=");
        }
        return v;
    }

    private long envLong(String key) throws IOException {
        return envNumber(key, Long::parseLong, "a whole number");
    }

    private double envSeconds(String key) throws IOException {
        return envNumber(key, Double::parseDouble, "seconds");
    }

    /** A run.env setting parsed by {@code parse}; an IOException naming the file, the setting and {@code expected}. */
    private <T> T envNumber(String key, Function<String, T> parse, String expected) throws IOException {
        String v = env(key);
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve(ENV) + ": " + key + "=" + v + ": expected " + expected);
        }
    }

    /**
     * A number of summary.json at a JSON pointer such as {@code /vmstat_delta/pgscan_kswapd}, or null if
     * the recording does not have it; an IOException naming the file when it is there but not a number.
     */
    public Double number(String pointer) throws IOException {
        JsonNode n = summary.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new IOException(dir.resolve(SUMMARY) + ": " + pointer + ": expected a number, found " + n);
        }
        return n.doubleValue();
    }

    /** The object at {@code pointer} in summary.json, or null if absent. */
    public JsonNode object(String pointer) {
        JsonNode n = summary.at(pointer);
        return n.isObject() ? n : null;
    }

    /** MemTotal in bytes (run.env memtotal_kb): {@code --memory}. */
    public long memoryBytes() throws IOException {
        return envLong("memtotal_kb") * 1024;
    }

    private long memAvailableAtStartKb() throws IOException {
        Double v = number("/meminfo_kb/before/MemAvailable");
        if (v == null) {
            throw new IOException(dir.resolve(SUMMARY) + ": no /meminfo_kb/before/MemAvailable");
        }
        return v.longValue();
    }

    /**
     * What the model pins for the whole run. With the page cache known ({@link #initialActiveBytes()},
     * {@link #initialInactiveBytes()}), everything that was neither free nor file cache as the workload
     * started: MemTotal - MemFree - file pages ({@link #meminfoAtStart}). Without it, MemTotal -
     * MemAvailable (the hog, the kernel and everything else running), so that as much memory is
     * available as there was.
     */
    public long pinnedBytes() throws IOException {
        Long free = meminfoAtStart("MemFree");
        if (free != null && (initialActiveBytes() > 0 || initialInactiveBytes() > 0)) {
            long kb = envLong("memtotal_kb") - free - (initialActiveBytes() + initialInactiveBytes()) / 1024;
            return Math.max(0, kb) * 1024;
        }
        return Math.max(0, envLong("memtotal_kb") - memAvailableAtStartKb()) * 1024;
    }

    /**
     * A meminfo field (KB) as the workload started: the first line of record-reclaim.sh's
     * meminfo.samples, read once tracing was on, a moment before fio began; else meminfo.before, read
     * before the recorder's own perf started, whose ring buffers (perf record -m 64M, 64 MiB a CPU)
     * then took 128 MiB of a 2-CPU machine's free memory (run W: MemFree 1,572,668 KB before, 1,419,592
     * KB in the first sample, the DMA32 zone 38,359 pages fewer free in buddyinfo). Null if neither has it.
     */
    Long meminfoAtStart(String key) throws IOException {
        if (startSample == null) {
            Path f = dir.resolve("meminfo.samples");
            String line = null;
            if (run == null && Files.exists(f)) {
                try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    line = in.readLine();
                }
            }
            startSample = line == null ? new String[0] : line.trim().split("\\s+");
        }
        try {
            long kb = sampleKb(startSample, key);
            if (kb >= 0) {
                return kb;
            }
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve("meminfo.samples") + ":1: expected " + key + ":KB, got '" + String.join(" ", startSample) + "'");
        }
        Double kb = number("/meminfo_kb/before/" + key);
        return kb == null ? null : kb.longValue();
    }

    /** The value of {@code key}:VALUE among a meminfo.samples line's fields, or -1 if it has none. */
    private static long sampleKb(String[] fields, String key) {
        for (int i = 1; i < fields.length; i++) {
            if (fields[i].startsWith(key) && fields[i].length() > key.length() && fields[i].charAt(key.length()) == ':') {
                return Long.parseLong(fields[i].substring(key.length() + 1));
            }
        }
        return -1;
    }

    /** The clean cache on the active list when fio started (meminfo Active(file), {@link #meminfoAtStart}), 0 if unknown. */
    public long initialActiveBytes() throws IOException {
        Long kb = meminfoAtStart("Active(file)");
        return kb == null ? 0 : kb * 1024;
    }

    /** The cache on the inactive list when fio started (meminfo Inactive(file), {@link #meminfoAtStart}), 0 if unknown. */
    public long initialInactiveBytes() throws IOException {
        Long kb = meminfoAtStart("Inactive(file)");
        return kb == null ? 0 : kb * 1024;
    }

    /**
     * The recorded node's zones (zoneinfo before fio started, DMA first): each zone's managed pages, the
     * pages neither free nor file cache in it (the hog and the rest of the system) and its file cache,
     * as {@code --zones} takes them; null if the recording has no zoneinfo.
     */
    public String zones() {
        JsonNode zones = object("/zones_before");
        if (zones == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"DMA", "DMA32", "Normal"}) {
            JsonNode z = zones.get(name);
            if (z == null || z.path("managed").asLong() == 0) {
                continue;
            }
            long managed = z.path("managed").asLong();
            long file = z.path("nr_zone_active_file").asLong() + z.path("nr_zone_inactive_file").asLong();
            long held = Math.max(0, managed - z.path("free").asLong() - file);
            b.append(b.length() == 0 ? "" : ":").append(managed).append('/').append(held).append('/').append(Math.min(file, managed - held));
        }
        return b.length() == 0 ? null : b.toString();
    }

    /**
     * vm.min_free_kbytes of the recorded machine, 0 if the recording does not say: sysctl-vm.txt of
     * wbreplay record, or for record-reclaim.sh the zones' min watermarks of zoneinfo.before added up
     * (__setup_per_zone_wmarks() splits min_free_kbytes among the zones, each share rounded down).
     */
    public long minFreeKbytes() throws IOException {
        String v = env.get("min_free_kbytes");
        if (v != null && !v.isEmpty()) {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IOException(dir.resolve("sysctl-vm.txt") + ": vm.min_free_kbytes=" + v + ": expected a whole number");
            }
        }
        JsonNode zones = object("/zones_before");
        if (zones == null) {
            return 0;
        }
        long pages = 0;
        for (JsonNode z : zones) {
            pages += z.path("min").asLong();
        }
        return pages * 4;
    }

    /**
     * The file LRU over the run from record-reclaim.sh's meminfo.samples (one line a second: a
     * timestamp, then KEY:KB fields): {time since the first sample in ns, Active(file), Inactive(file)}
     * in pages; null if the recording has no such file.
     */
    public List<long[]> lruSeries() throws IOException {
        return samples("meminfo.samples", "SECONDS Active(file):KB Inactive(file):KB ...", p -> {
            long active = sampleKb(p, "Active(file)");
            long inactive = sampleKb(p, "Inactive(file)");
            if (active < 0 || inactive < 0) {
                throw new NumberFormatException("no Active(file) or Inactive(file)");
            }
            return new long[] {active / 4, inactive / 4};
        });
    }

    /**
     * The Normal zone over the run from record-reclaim.sh's zoneinfo.samples (one line a second: a
     * timestamp, then ZONE:FREE,MIN,BOOST fields, the min watermark boosted, BOOST empty or absent on
     * a kernel without it): {time since the first
     * sample in ns, free pages, min watermark}; null if the recording has no such file or no Normal zone.
     */
    public List<long[]> normalZoneSeries() throws IOException {
        return samples("zoneinfo.samples", "SECONDS ZONE:FREE,MIN,BOOST ...", p -> {
            for (int i = 1; i < p.length; i++) {
                if (p[i].startsWith("Normal:")) {
                    String[] v = p[i].substring("Normal:".length()).split(",", -1);
                    if (v.length < 2 || v.length > 3) { // a kernel without watermark_boost (before 5.0) prints none
                        throw new NumberFormatException("not FREE,MIN,BOOST");
                    }
                    return new long[] {Long.parseLong(v[0]), Long.parseLong(v[1])};
                }
            }
            return null; // a machine without ZONE_NORMAL
        });
    }

    /**
     * The Normal zone's free blocks over the run from record-reclaim.sh's buddyinfo.samples (one line a
     * second: a timestamp, then ZONE:N0,N1,...,N10, the free blocks of each order as /proc/buddyinfo
     * has them): {time since the first sample in ns, free pages in blocks of order 4 or more}; null if the
     * recording has no such file or no Normal zone.
     */
    public List<long[]> normalBuddySeries() throws IOException {
        return samples("buddyinfo.samples", "SECONDS ZONE:N0,N1,...,N10 ...", p -> {
            for (int i = 1; i < p.length; i++) {
                if (p[i].startsWith("Normal:")) {
                    String[] v = p[i].substring("Normal:".length()).split(",", -1);
                    if (v.length < 5) {
                        throw new NumberFormatException("fewer than five orders");
                    }
                    long pages = 0;
                    for (int o = 4; o < v.length; o++) {
                        pages += Long.parseLong(v[o]) << o;
                    }
                    return new long[] {pages};
                }
            }
            return null;
        });
    }

    /** One sample line's fields after its timestamp (null: the file does not have them), or NumberFormatException. */
    private interface SampleFields {
        long[] parse(String[] fields);
    }

    /**
     * A record-reclaim.sh samples file (one line a second: a timestamp, then fields): {time since the
     * first sample in ns, the line's fields...} per line; null if the recording has no such file or a line
     * lacks the fields. A line that does not parse is an error naming the file, the line and {@code expected}.
     */
    private List<long[]> samples(String name, String expected, SampleFields fields) throws IOException {
        Path f = dir.resolve(name);
        if (run != null || !Files.exists(f)) {
            return null;
        }
        List<long[]> out = new ArrayList<>();
        boolean lacking = false;
        long t0 = Long.MIN_VALUE;
        int lineNo = 0;
        for (String line : Files.readAllLines(f)) {
            lineNo++;
            String[] p = line.trim().split("\\s+");
            if (p.length < 2) {
                continue;
            }
            try {
                long t = new BigDecimal(p[0]).movePointRight(9).longValueExact();
                long[] v = fields.parse(p);
                if (t0 == Long.MIN_VALUE) {
                    t0 = t;
                }
                if (v == null) {
                    lacking = true; // the rest is still checked
                    continue;
                }
                long[] row = new long[v.length + 1];
                row[0] = t - t0;
                System.arraycopy(v, 0, row, 1, v.length);
                out.add(row);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IOException(f + ":" + lineNo + ": expected " + expected + ", got '" + line + "'");
            }
        }
        return lacking ? null : out;
    }

    /**
     * kswapd's CPU time per page it scanned (ns), rounded, as record-reclaim.sh measured it from
     * /proc/PID/schedstat before and after (summary.json kswapd_cpu), less what its runs cost besides
     * (pageoutrun at {@link CoreConfig#RECORDED_KSWAPD_RUN_NS}, at least nothing left); where the
     * recording did not measure it (or kswapd scanned nothing), the measured default,
     * {@link CoreConfig#RECORDED_RECLAIM_SCAN_NS}.
     */
    public long reclaimScanNs() throws IOException {
        Double ns = number("/kswapd_cpu/ns_per_pgscan_kswapd");
        Double scanned = number("/vmstat_delta/pgscan_kswapd");
        if (ns == null || scanned == null || scanned == 0) {
            return ns == null ? CoreConfig.RECORDED_RECLAIM_SCAN_NS : Math.round(ns);
        }
        Double runs = number("/vmstat_delta/pageoutrun");
        double cpuNs = ns * scanned - (runs == null ? 0 : runs) * CoreConfig.RECORDED_KSWAPD_RUN_NS;
        return Math.max(0, Math.round(cpuNs / scanned));
    }

    /**
     * The workload's CPU time per page it wrote (ns, rounded), which validate gives the model as
     * --write-page-ns: summary.json workload_cpu.cpu_s (user and system time of its whole process tree),
     * less what the model charges separately -- its direct reclaim's scanned pages
     * (workload_cpu.direct_scanned) at {@link #reclaimScanNs()} -- over the pages it wrote
     * (fio.written_bytes, else written_mb, / 4 KiB); 0 if the recording did not measure the CPU time.
     */
    public long writePageNs() throws IOException {
        Double cpuS = number("/workload_cpu/cpu_s");
        Double bytes = number("/fio/written_bytes");
        if (bytes == null) {
            Double mb = number("/fio/written_mb");
            bytes = mb == null ? null : mb * 1e6;
        }
        if (cpuS == null || bytes == null || bytes < PAGE) {
            return 0;
        }
        Double scanned = number("/workload_cpu/direct_scanned");
        return writePageNs(cpuS * 1e9, scanned == null ? 0 : scanned.longValue(), reclaimScanNs(), bytes / PAGE);
    }

    /**
     * The rate at which the machine's other tasks read back evicted pages of their files while the
     * workload ran, which validate gives the model as --other-refaults: vmstat workingset_refault_file
     * (every refault of the machine; the workload writes new files, so none are its own) over the
     * workload's run time (fio.runtime_s), in pages a second, rounded; 0 without either, or without an
     * initial page cache for them to read back.
     */
    public long otherRefaultsPerS() throws IOException {
        Double refaults = number("/vmstat_delta/workingset_refault_file");
        Double runtime = number("/fio/runtime_s");
        if (refaults == null || runtime == null || runtime <= 0 || initialActiveBytes() + initialInactiveBytes() < PAGE) {
            return 0;
        }
        return otherRefaultsPerS(refaults, runtime);
    }

    /**
     * The rate at which the machine's other devices ended writeback while the workload ran, which
     * validate gives the model as --other-writeout (their share of the writeout completions lowers the
     * recorded device's share of the dirty threshold), in pages a second, rounded, never below 0; 0
     * without the counters. The machine's writeback rate less the recorded device's mean write rate
     * (its block_rq_issue writes, trace.loop_requests.write_mb, over the run time). The machine's rate
     * comes from record-reclaim.sh's nr_written.samples (first to last sample within fio's run) when
     * the recording has them, else from the vmstat nr_written delta over the run time, which also counts
     * what was written between vmstat.before and fio's start (record-reclaim.sh's sync) and after its end
     * (run AA: 7,952 of its 92,537 pages came after the last sample, so 1,903 pages a second against 0).
     */
    public long otherWriteoutPerS() throws IOException {
        Double deviceMb = number("/trace/loop_requests/write_mb");
        Double runtime = number("/fio/runtime_s");
        if (deviceMb == null || runtime == null || runtime <= 0) {
            return 0;
        }
        double deviceRate = deviceMb * 1e6 / PAGE / runtime;
        Double sampled = nrWrittenSamplesRate();
        if (sampled != null) {
            return Math.max(0, Math.round(sampled - deviceRate));
        }
        Double written = number("/vmstat_delta/nr_written");
        return written == null ? 0 : Math.max(0, Math.round(written / runtime - deviceRate));
    }

    /**
     * nr_written.samples (one line a second while fio ran: SECONDS nr_written:PAGES): pages ended
     * writeback a second from the first sample to the last taken within run.env's elapsed_s of it (the
     * sampler starts just before fio and is stopped after it; run W's sample after fio's end holds a
     * burst of 7,195 pages the device's write_mb does not count), or null without two such samples.
     */
    private Double nrWrittenSamplesRate() throws IOException {
        Path f = dir.resolve("nr_written.samples");
        if (run != null || !Files.exists(f)) {
            return null;
        }
        Double window = env.containsKey("elapsed_s") ? envSeconds("elapsed_s") : null;
        BigDecimal t0 = null;
        BigDecimal t1 = null;
        long v0 = 0;
        long v1 = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(f)) {
            lineNo++;
            String[] p = line.trim().split("\\s+");
            if (p.length == 1 && p[0].isEmpty()) {
                continue;
            }
            try {
                if (p.length != 2 || !p[1].startsWith("nr_written:")) {
                    throw new NumberFormatException();
                }
                BigDecimal t = new BigDecimal(p[0]);
                long v = Long.parseLong(p[1].substring("nr_written:".length()));
                if (t0 == null) {
                    t0 = t;
                    v0 = v;
                } else if (window != null && t.subtract(t0).doubleValue() > window) {
                    break;
                }
                t1 = t;
                v1 = v;
            } catch (NumberFormatException e) {
                throw new IOException(f + ":" + lineNo + ": expected SECONDS nr_written:PAGES, got '" + line + "'");
            }
        }
        if (t0 == null || t1.compareTo(t0) <= 0) {
            return null;
        }
        return (v1 - v0) / t1.subtract(t0).doubleValue();
    }

    /**
     * The fragmenting fallbacks that boosted ZONE_NORMAL's watermarks, how many in each second of the
     * trace (validate's --fallbacks): summarize.py's trace.extfrag.boosts_per_s, from the
     * mm_page_alloc_extfrag events (a claim of a block below pageblock_order, and the failed claim
     * before each per-CPU list refill of single-page steals); empty without them.
     */
    public int[] fallbacksPerS() {
        JsonNode n = summary == null ? null : summary.at("/trace/extfrag/boosts_per_s");
        if (n == null || !n.isArray()) {
            return new int[0];
        }
        int[] perS = new int[n.size()];
        for (int i = 0; i < perS.length; i++) {
            perS[i] = n.get(i).asInt();
        }
        return perS;
    }

    /** What record-reclaim.sh kept of the Normal zone's frames just before fio started (frame-layout.py's output). */
    public static final String FRAME_LAYOUT = "frame-layout.before.json";
    /** The run lengths --initial-cache-runs counts, frame-layout.py's bins "1", "2", "4", "8" and "16" (16 or more). */
    private static final String[] RUN_BINS = {"1", "2", "4", "8", "16"};

    /**
     * Where the page cache the machine held before fio lay among the other users' pages (validate's
     * --initial-cache-runs): frame-layout.before.json's runs of cached frames 1, 2, 4, 8 and 16+ long
     * (file_runs_by_length); null without the file, or when it counts none of them.
     */
    public int[] initialCacheRuns() throws IOException {
        Path f = dir.resolve(FRAME_LAYOUT);
        if (!Files.exists(f)) {
            return null;
        }
        JsonNode root = readJson(f);
        JsonNode runs = root == null ? null : root.path("file_runs_by_length");
        if (runs == null || !runs.isObject()) {
            throw new IOException(f + ": expected an object file_runs_by_length (scripts/record/frame-layout.py's output)");
        }
        int[] counts = new int[RUN_BINS.length];
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            JsonNode n = runs.path(RUN_BINS[i]);
            counts[i] = n.asInt(0);
            if (!n.isMissingNode() && !n.canConvertToInt() || counts[i] < 0) {
                throw new IOException(f + ": file_runs_by_length." + RUN_BINS[i] + ": expected a count, got " + n);
            }
            sum += counts[i];
        }
        return sum == 0 ? null : counts;
    }

    /** A JSON file of the recording; its own name and Jackson's reason when it is not JSON. */
    private static JsonNode readJson(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(f + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** How often record-reclaim.sh --stat-reader-ms read memory.stat while fio ran, ns; 0 without a reader. */
    public long memcgStatReadNs() throws IOException {
        return env.containsKey("memcg_stat_read_ms") ? envLong("memcg_stat_read_ms") * 1_000_000L : 0;
    }

    /** The other tasks that read them back (--other-tasks): one build job per CPU ({@link #cpus()}). */
    public int otherTasks() throws IOException {
        return cpus();
    }

    /** The machine's CPUs (--cpus): run.env cpus; 1 without it. */
    public int cpus() throws IOException {
        return env.containsKey("cpus") ? (int) Math.max(1, envLong("cpus")) : 1;
    }

    /**
     * The pages one of the other tasks' reads brings back at once, which validate gives the model as
     * --other-read-pages: the machine's pages read in (vmstat pgpgin, KiB, over 4) per major fault
     * (pgmajfault) while the workload ran, rounded, at least 1. The workload writes, so the reads are
     * theirs, and their refaults come from faults on mapped files (programs and libraries), each reading
     * back the missing pages of its read-around window; 1 (no read-around) without either counter.
     */
    public int otherReadPages() throws IOException {
        Double kib = number("/vmstat_delta_all_reclaim/pgpgin");
        Double faults = number("/vmstat_delta_all_reclaim/pgmajfault");
        if (kib == null || faults == null || faults <= 0) {
            return 1;
        }
        return otherReadPages(kib, faults);
    }

    /** pgpgin KiB / 4 / pgmajfault, rounded, at least 1. */
    static int otherReadPages(double pgpginKib, double pgmajfault) {
        return (int) Math.max(1, Math.round(pgpginKib / (PAGE / 1024) / pgmajfault));
    }

    /** refaults / runtime, rounded. */
    static long otherRefaultsPerS(double refaults, double runtimeS) {
        return Math.round(refaults / runtimeS);
    }

    /** (cpuNs - directScanned x scanNs) / pages, rounded, never below 0. */
    static long writePageNs(double cpuNs, long directScanned, long scanNs, double pages) {
        return Math.max(0, Math.round((cpuNs - (double) directScanned * scanNs) / pages));
    }

    public int dirtyRatio() throws IOException {
        return (int) envLong("dirty_ratio");
    }

    public int dirtyBackgroundRatio() throws IOException {
        return (int) envLong("dirty_background_ratio");
    }

    /** Whether the device was behind blk-throttle write limits (run.env throttle=on). */
    public boolean throttled() throws IOException {
        String t = env("throttle");
        if (!t.equals("on") && !t.equals("off")) {
            throw new IOException(dir.resolve(ENV) + ": throttle=" + t + ": expected on or off");
        }
        return t.equals("on");
    }

    /**
     * The device model: {@code throttled:BPS:IOPS} from run.env's blk-throttle limits (blk-throttle holds
     * bios before any request exists, so the recorded D2C times are of the loop device behind it, not of
     * the slow disk); null when the device is to be fitted to the recorded block events ({@link
     * #blockTrace()}: {@link BlockMetrics#calibrate}, which validate does); {@code ssd} for an unthrottled
     * loop device of a recording without its trace, the closest fixed model there is.
     */
    public String device() throws IOException {
        if (run == null && throttled()) {
            return "throttled:" + envLong("write_bps") + ":" + envLong("write_iops");
        }
        return blockTrace() != null ? null : "ssd";
    }

    /**
     * nr_requests to model: wbreplay record's, else the default (a loop device's tag set has 128, and
     * blk-throttle holds the bios over its limits before they need one).
     */
    public Integer nrRequests() throws IOException {
        if (run != null) {
            return queueSetting("nr_requests");
        }
        return null;
    }

    /** global_dirty_state's dirty_limit at the first event of the recording in bytes, or 0 if it has none. */
    public long initialDirtyLimitBytes() throws IOException {
        Double pages = number("/trace/global_dirty_state/limit_first");
        return pages == null ? 0 : pages.longValue() * PAGE;
    }

    /**
     * The device's dirty_ratelimit at the recording's first balance_dirty_pages event, in bytes per
     * second, or 0 (INIT_BW) if it has none: a device's rate carries over from whatever wrote to it
     * before (mkfs, an earlier run).
     */
    public long initialDirtyRatelimitBytes() throws IOException {
        Double kbps = number("/trace/bdi_first/dirty_ratelimit_kbps");
        return kbps == null ? 0 : kbps.longValue() * 1024;
    }

    /** The device's avg_write_bandwidth at the first bdi_dirty_ratelimit event, bytes per second, or 0. */
    public long initialWriteBandwidthBytes() throws IOException {
        Double kbps = number("/trace/bdi_first/awrite_bw_kbps");
        return kbps == null ? 0 : kbps.longValue() * 1024;
    }

    /** The device's write_bandwidth (the estimate before its second smoothing) at the same event, bytes per second, or 0. */
    public long initialRawWriteBandwidthBytes() throws IOException {
        Double kbps = number("/trace/bdi_first/write_bw_kbps");
        return kbps == null ? 0 : kbps.longValue() * 1024;
    }

    /** The era of the recorded kernel: the latest whose first release is not newer than run.env's kernel=. */
    public KernelEra era() throws IOException {
        String kernel = env("kernel");
        int[] v = version(kernel);
        if (v == null) {
            throw new IOException(dir.resolve(ENV) + ": kernel=" + kernel + ": expected a version such as 6.18.44");
        }
        KernelEra best = null;
        for (KernelEra e : KernelEra.values()) {
            if (compare(version(e.label().replace("x", "0")), v) <= 0) {
                best = e;
            }
        }
        if (best == null) {
            throw new IOException(dir.resolve(ENV) + ": kernel=" + kernel + " is older than the oldest era the model has ("
                    + KernelEra.values()[0].label() + ")");
        }
        return best;
    }

    private static int[] version(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(s);
        if (!m.find()) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    /** The gzip file {@code gz} decompressed to {@code to}; a one-line error naming it when it is not whole gzip data. */
    public static Path gunzip(Path gz, Path to) throws IOException {
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException(gz + ": not whole gzip data (" + e.getMessage() + ")");
        }
        return to;
    }

    /** Whether this is a recording of {@code wbreplay record} (else of scripts/record-reclaim.sh). */
    public boolean recordedByWbreplay() {
        return run != null;
    }

    /**
     * The tracefs text holding the recorded block events: wbreplay record's trace.txt[.gz]; record-reclaim.sh's
     * {@link #TRACES} when the recording keeps one; else null.
     */
    public Path blockTrace() {
        if (run != null) {
            return run.traceSource();
        }
        for (String name : TRACES) {
            if (Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    /**
     * The block metrics of the recorded block events (of the device run.env's majmin names, for
     * record-reclaim.sh), or null for a recording without them. Null, too, for a run behind blk-throttle:
     * its requests' D2C are the loop device's below the throttle, which the model's throttled device
     * holds in its own D2C; summary.json's loop_requests counts stand in.
     */
    public BlockMetrics blockMetrics() throws IOException {
        if (run != null) {
            return run.blockMetrics();
        }
        Path trace = blockTrace();
        return trace == null || throttled() ? null : BlockMetrics.readTracefs(trace, loopDevice(), ENV + " says majmin=" + env("majmin"));
    }

    /** record-reclaim.sh's loop device, run.env majmin=MAJ:MIN, as {@code major << 20 | minor}. */
    private int loopDevice() throws IOException {
        String v = env("majmin");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+):(\\d+)").matcher(v);
        if (!m.matches()) {
            throw new IOException(dir.resolve(ENV) + ": majmin=" + v + ": expected MAJOR:MINOR such as 7:0");
        }
        return io.wbreplay.traces.IoRecord.device(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Dirty pages over the run, {ns after it started, dirty pages, ...}: wbreplay record's
     * global_dirty_state or bdi samples; record-reclaim.sh's meminfo.samples (one line a second, its
     * Dirty: the machine's NR_FILE_DIRTY, the loop device's while fio writes); null without them.
     */
    public java.util.List<long[]> dirtySeries() throws IOException {
        if (run == null) {
            return samples("meminfo.samples", "SECONDS Dirty:KB ...", p -> {
                long dirty = sampleKb(p, "Dirty");
                if (dirty < 0) {
                    throw new NumberFormatException("no Dirty");
                }
                return new long[] {dirty / 4};
            });
        }
        return run.dirtySource.equals("global_dirty_state") && !run.enabled("global_dirty_state") ? null : run.dirtySeries;
    }

    /**
     * A queue setting as a whole number (nr_requests, max_sectors_kb), or null if not recorded: from
     * queue.txt of wbreplay record, from run.env of record-reclaim.sh (max_sectors_kb, max_segments,
     * max_segment_size of its loop device).
     */
    public Integer queueSetting(String name) throws IOException {
        String v = run == null ? env.get(name) : run.queue.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve(run == null ? ENV : "queue.txt") + ": " + name + "=" + v + ": expected a whole number");
        }
    }

    /**
     * The recorded device's size in bytes (queue.txt {@code size=}, which wbreplay record writes from
     * /sys/dev/block/MAJ:MIN/size), or null when the recording does not say.
     */
    public Long deviceBytes() throws IOException {
        String v = run == null ? null : run.queue.get("size");
        if (v == null) {
            return null;
        }
        try {
            return Long.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve("queue.txt") + ": size=" + v + ": expected a whole number of bytes");
        }
    }

    /**
     * The largest write request the recorded queue built, in KiB: max_sectors_kb, or less when
     * max_segments segments hold less. Each folio of a bio is one segment (pages of the page cache are
     * rarely physically next to each other; ll_new_hw_segment refuses a merge past queue_max_segments),
     * so a segment is a folio: 4 KiB before Linux 6.16; from 6.16, when ext4 caches regular files in
     * large folios, a buffered write of L bytes gets folios up to the largest power of two not above L
     * (__filemap_get_folio with fgf_set_order), at most max_segment_size. L is the median write of the
     * recorded application. Null when the recording does not say.
     */
    public Integer maxRequestKb() throws IOException {
        Integer kb = queueSetting("max_sectors_kb");
        Integer segments = queueSetting("max_segments");
        if (kb == null || segments == null) {
            return kb;
        }
        long segment = 4096;
        int[] v = version(env("kernel"));
        long median = v == null || compare(v, new int[] {6, 16, 0}) < 0 ? 0
                : run != null ? run.medianWriteBytes : AppWrites.of(iolog()).medianBytes();
        if (median > segment) {
            segment = Long.highestOneBit(median);
            Integer maxSegment = queueSetting("max_segment_size");
            if (maxSegment != null) {
                segment = Math.min(segment, maxSegment);
            }
        }
        return (int) Math.min(kb, segments * segment / 1024);
    }

    /**
     * The model's elevator for the recorded I/O scheduler (queue.txt scheduler, the one in brackets):
     * noop for none, deadline for mq-deadline; deadline, the model's default, for another (bfq, kyber:
     * not modelled) or when not recorded.
     */
    public String elevator() {
        String s = run == null ? null : run.queue.get("scheduler");
        if (s == null) {
            return "deadline";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\S+)\\]").matcher(s);
        String active = m.find() ? m.group(1) : s.trim();
        return active.equals("none") ? "noop" : "deadline";
    }

    /** The format of {@link #iolog()}: wbreplay-csv for a command's system calls, fio-iolog for fio's log. */
    public String workloadFormat() throws IOException {
        return iolog().getFileName().toString().startsWith("app.csv") ? "wbreplay-csv" : "fio-iolog";
    }

    /** The workload's application-level trace (gzip or plain); an IOException naming the directory when there is none. */
    public Path iolog() throws IOException {
        if (run != null) {
            Path w = run.workload();
            if (w == null) {
                throw new IOException(dir.resolve(RecordedRun.WORKLOADS[0]) + ": no such file (the command's file I/O system calls, "
                        + "which wbreplay record writes unless --no-syscalls; without it there is nothing to replay)");
            }
            return w;
        }
        for (String name : IOLOGS) {
            if (Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IOException(dir.resolve(IOLOGS[0]) + ": no such file (the workload's fio iolog; without it there is nothing to replay)");
    }
}
