package io.wbreplay.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording made by {@code wbreplay record}: {@code manifest.json}, {@code trace.txt} (tracefs text,
 * with {@value #START_MARK} and {@value #END_MARK} markers around the command), vmstat and meminfo before
 * and after, {@code sysctl-vm.txt}, {@code queue.txt} and the application-level trace {@code app.csv}
 * (or a fio iolog). Summarised here into the same figures {@code scripts/record/summarize.py} gives a
 * recording of {@code scripts/record-reclaim.sh}, so {@link Validation} reads both alike; an event this
 * recording did not enable stays absent (missing), an enabled one that never fired counts 0.
 */
final class RecordedRun {
    static final String MANIFEST = "manifest.json";
    static final String TRACE = "trace.txt";
    static final String START_MARK = Recording.START_MARK;
    static final String END_MARK = Recording.END_MARK;
    static final String[] WORKLOADS = {Recording.APP_TRACE, Recording.APP_TRACE + ".gz", "fio.iolog", "fio.iolog.gz"};
    static final String BDI_SAMPLES = Recording.BDI_SAMPLES;

    private static final Pattern LINE = Pattern.compile("^\\s*(.+?)-(\\d+)\\s+\\[\\d+\\]\\s+(?:\\S+\\s+)?(\\d+)\\.(\\d+): (\\w+): (.*)$");
    private static final Pattern KV = Pattern.compile("(\\w+)=(\\S+)");
    private static final Pattern DEVICE = Pattern.compile("\\((\\d+):(\\d+)\\)$");

    final Path dir;
    final JsonNode manifest;
    final Map<String, String> env = new LinkedHashMap<>();
    final ObjectNode summary;
    final Map<String, String> queue;
    /**
     * The device's dirty and writeback pages while the command ran, {ns after the start, dirty, writeback}:
     * from bdi.samples (this device only) when the recording has them, else global_dirty_state (every device).
     */
    final List<long[]> dirtySeries = new ArrayList<>();
    /** Where {@link #dirtySeries} comes from: "bdi" or "global_dirty_state". */
    String dirtySource = "global_dirty_state";
    long startNs = -1;
    long endNs = -1;
    /** The device the recording is of, major << 20 | minor. */
    final int device;

    private RecordedRun(Path dir, JsonNode manifest, ObjectNode summary, Map<String, String> queue, int device) {
        this.dir = dir;
        this.manifest = manifest;
        this.summary = summary;
        this.queue = queue;
        this.device = device;
    }

    static boolean isOne(Path dir) {
        return Files.exists(dir.resolve(MANIFEST));
    }

    static RecordedRun read(Path dir) throws IOException {
        Path mf = dir.resolve(MANIFEST);
        JsonNode manifest;
        try (InputStream in = Files.newInputStream(mf)) {
            manifest = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(mf + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (manifest == null || !manifest.path("kernel").isTextual() || !manifest.path("events").isArray()) {
            throw new IOException(mf + ": expected the manifest of wbreplay record (kernel, events, device)");
        }
        Matcher dm = DEVICE.matcher(manifest.path("device").asText());
        if (!dm.find()) {
            throw new IOException(mf + ": device '" + manifest.path("device").asText() + "': expected NAME (MAJ:MIN)");
        }
        int device = IoRecord.device(Integer.parseInt(dm.group(1)), Integer.parseInt(dm.group(2)));
        ObjectMapper json = new ObjectMapper();
        ObjectNode s = json.createObjectNode();
        Map<String, Long> vb = numbers(dir.resolve("vmstat.before"), 1);
        Map<String, Long> va = numbers(dir.resolve("vmstat.after"), 1);
        ObjectNode delta = s.putObject("vmstat_delta");
        for (Map.Entry<String, Long> e : va.entrySet()) {
            if (vb.containsKey(e.getKey())) {
                delta.put(e.getKey(), e.getValue() - vb.get(e.getKey()));
            }
        }
        Map<String, Long> mb = numbers(dir.resolve("meminfo.before"), 1);
        kswapdCpu(dir, s, delta);
        ObjectNode before = s.putObject("meminfo_kb").putObject("before");
        mb.forEach(before::put);
        RecordedRun r = new RecordedRun(dir, manifest, s, keyValues(dir.resolve("queue.txt")), device);
        Map<String, String> sysctl = keyValues(dir.resolve("sysctl-vm.txt"));
        r.env.put("kernel", manifest.path("kernel").asText());
        r.env.put("memtotal_kb", String.valueOf(require(mb, "MemTotal", dir.resolve("meminfo.before"))));
        r.env.put("dirty_ratio", sysctl.getOrDefault("vm.dirty_ratio", ""));
        r.env.put("dirty_background_ratio", sysctl.getOrDefault("vm.dirty_background_ratio", ""));
        r.env.put("min_free_kbytes", sysctl.getOrDefault("vm.min_free_kbytes", ""));
        r.env.put("throttle", "off");
        r.summarizeTrace(json);
        r.summarizeWorkload();
        return r;
    }

    /** The enabled events, by name without their system. */
    private List<String> enabled() {
        List<String> out = new ArrayList<>();
        manifest.path("events").forEach(e -> out.add(e.asText().substring(e.asText().indexOf('/') + 1)));
        return out;
    }

    boolean enabled(String event) {
        return enabled().contains(event);
    }

    /** The recording's own trace file: trace.txt, or trace.txt.gz. */
    private Path traceSource;

    private void summarizeTrace(ObjectMapper json) throws IOException {
        Path file = dir.resolve(TRACE);
        traceSource = file;
        if (!Files.exists(file) && Files.exists(dir.resolve(TRACE + ".gz"))) { // decompressed into a file removed when the JVM exits
            Path tmp = Files.createTempFile("wbreplay-trace", ".txt");
            tmp.toFile().deleteOnExit();
            traceSource = dir.resolve(TRACE + ".gz");
            Recording.gunzip(traceSource, tmp);
            file = tmp;
        }
        String traceName = traceSource.toString();
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file (the recording's tracefs events)");
        }
        if (Files.size(file) > 0) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                raf.seek(raf.length() - 1);
                if (raf.read() != '\n') {
                    throw new IOException(traceName + ": byte " + raf.length() + ": the last line is cut short (no newline at the end); "
                            + "the trace is truncated");
                }
            }
        }
        List<String> enabled = enabled();
        Map<String, Long> events = new TreeMap<>();
        for (String e : enabled) {
            events.put(e, 0L);
        }
        Map<String, Long> throttled = new TreeMap<>();
        Map<Integer, Long> directOpen = new LinkedHashMap<>();
        long directStallNs = 0;
        long bdpPaused = 0;
        long bdpPauseMs = 0;
        List<Long> bdpPauses = new ArrayList<>();
        List<Long> inodeChunks = new ArrayList<>(); // writeback_single_inode wrote > 0 of the device's bdi
        long peakDirty = -1;
        long peakWriteback = -1;
        long limitFirst = -1;
        long rqWriteBytes = 0;
        String bdi = "bdi " + IoRecord.major(device) + ":" + IoRecord.minor(device) + ":";
        long firstDirtyRatelimit = -1; // KB/s, the device's, at its first balance_dirty_pages in the run
        long firstAvgWriteBw = -1; // KB/s, at its first bdi_dirty_ratelimit
        long firstWriteBw = -1;
        long[] shrink = new long[4]; // nr_scanned, nr_dirty, nr_writeback; nr_scanned by the command's own tasks
        String commandComm = commandComm();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    throw new IOException(traceName + ": line " + n + ": expected 'COMM-PID [CPU] FLAGS SECONDS.MICROS: EVENT: FIELDS'");
                }
                long ts = Long.parseLong(m.group(3)) * 1_000_000_000L + Long.parseLong((m.group(4) + "000000000").substring(0, 9));
                String ev = m.group(5);
                String rest = m.group(6);
                if (ev.equals("tracing_mark_write")) {
                    if (rest.equals(START_MARK)) {
                        startNs = ts;
                    } else if (rest.equals(END_MARK)) {
                        endNs = ts;
                    }
                    continue;
                }
                if (startNs < 0 || endNs >= 0) {
                    continue; // before the command started or after it ended
                }
                events.merge(ev, 1L, Long::sum);
                Map<String, String> f = fields(rest);
                int pid = Integer.parseInt(m.group(2));
                switch (ev) {
                    case "mm_vmscan_throttled" -> throttled.merge(f.getOrDefault("reason", "?"), 1L, Long::sum);
                    case "mm_vmscan_direct_reclaim_begin" -> directOpen.put(pid, ts);
                    case "mm_vmscan_direct_reclaim_end" -> {
                        Long t0 = directOpen.remove(pid);
                        if (t0 != null) {
                            directStallNs += ts - t0;
                        }
                    }
                    case "global_dirty_state" -> {
                        long dirty = number(f, "dirty", traceName, n);
                        long wb = number(f, "writeback", traceName, n);
                        peakDirty = Math.max(peakDirty, dirty);
                        peakWriteback = Math.max(peakWriteback, wb);
                        if (limitFirst < 0) {
                            limitFirst = number(f, "limit", traceName, n);
                        }
                        dirtySeries.add(new long[] {ts - startNs - appOffsetNs(), dirty, wb});
                    }
                    case "bdi_dirty_ratelimit" -> {
                        if (firstAvgWriteBw < 0 && rest.startsWith(bdi)) {
                            firstAvgWriteBw = number(f, "awrite_bw", traceName, n);
                            firstWriteBw = number(f, "write_bw", traceName, n);
                        }
                    }
                    case "balance_dirty_pages" -> {
                        if (firstDirtyRatelimit < 0 && rest.startsWith(bdi)) {
                            firstDirtyRatelimit = number(f, "dirty_ratelimit", traceName, n);
                        }
                        long p = number(f, "pause", traceName, n);
                        if (p > 0) {
                            bdpPaused++;
                            bdpPauseMs += p;
                            bdpPauses.add(p);
                        }
                    }
                    case "writeback_single_inode" -> {
                        if (rest.startsWith(bdi)) {
                            long wrote = number(f, "wrote", traceName, n);
                            if (wrote > 0) {
                                inodeChunks.add(wrote);
                            }
                        }
                    }
                    case "mm_vmscan_lru_shrink_inactive" -> {
                        long scanned = number(f, "nr_scanned", traceName, n);
                        shrink[0] += scanned;
                        if (m.group(1).trim().equals(commandComm)) { // the workload's own direct reclaim
                            shrink[3] += scanned;
                        }
                        shrink[1] += number(f, "nr_dirty", traceName, n);
                        shrink[2] += number(f, "nr_writeback", traceName, n);
                    }
                    case "block_rq_issue" -> {
                        String[] p = rest.split("\\s+");
                        if (p.length > 2 && p[1].contains("W")) {
                            try {
                                rqWriteBytes += Long.parseLong(p[2]);
                            } catch (NumberFormatException e) {
                                throw new IOException(traceName + ": line " + n + ": block_rq_issue: expected the request's bytes after RWBS, found '" + p[2] + "'");
                            }
                        }
                    }
                    default -> {
                        // counted only
                    }
                }
            }
        }
        if (startNs < 0 || endNs < 0) {
            throw new IOException(traceName + ": no '" + (startNs < 0 ? START_MARK : END_MARK) + "' marker: the trace is cut short "
                    + "or not one of wbreplay record");
        }
        ObjectNode t = summary.putObject("trace");
        ObjectNode ev = t.putObject("events");
        events.forEach(ev::put);
        if (enabled.contains("mm_vmscan_throttled")) {
            ObjectNode th = t.putObject("throttled");
            throttled.forEach(th::put);
        }
        if (enabled.contains("mm_vmscan_direct_reclaim_begin") && enabled.contains("mm_vmscan_direct_reclaim_end")) {
            t.putObject("direct_reclaim").put("total_stall_s", directStallNs / 1e9);
        }
        if (enabled.contains("balance_dirty_pages")) {
            ObjectNode bdp = t.putObject("balance_dirty_pages").put("paused", bdpPaused).put("pause_total_s", bdpPauseMs / 1000.0);
            if (!bdpPauses.isEmpty()) { // the tracepoint's pause is in ms: nearest-rank percentiles
                Collections.sort(bdpPauses);
                bdp.put("pause_p99_ms", NearestRank.of(bdpPauses, 99))
                        .put("pause_max_ms", bdpPauses.get(bdpPauses.size() - 1));
            }
        }
        if (enabled.contains("writeback_single_inode")) { // the flusher's passes over one inode of this device
            ObjectNode w = t.putObject("writeback_single_inode").put("count", inodeChunks.size());
            if (!inodeChunks.isEmpty()) {
                Collections.sort(inodeChunks);
                w.put("mean", inodeChunks.stream().mapToLong(Long::longValue).average().orElse(0))
                        .put("p50", NearestRank.of(inodeChunks, 50))
                        .put("max", inodeChunks.get(inodeChunks.size() - 1));
            }
        }
        if (firstDirtyRatelimit >= 0 || firstAvgWriteBw >= 0) { // as scripts/record/summarize.py's bdi_first
            ObjectNode b = t.putObject("bdi_first");
            if (firstDirtyRatelimit >= 0) {
                b.put("dirty_ratelimit_kbps", firstDirtyRatelimit);
            }
            if (firstAvgWriteBw >= 0) {
                b.put("awrite_bw_kbps", firstAvgWriteBw);
                b.put("write_bw_kbps", firstWriteBw);
            }
        }
        if (Files.exists(dir.resolve(BDI_SAMPLES))) {
            readBdiSamples(dir.resolve(BDI_SAMPLES));
            peakDirty = dirtySeries.stream().mapToLong(x -> x[1]).max().orElse(-1);
            peakWriteback = dirtySeries.stream().mapToLong(x -> x[2]).max().orElse(-1);
        }
        if (peakDirty >= 0) {
            t.putObject("global_dirty_state").put("peak_dirty", peakDirty).put("peak_writeback", peakWriteback).put("limit_first", limitFirst);
        }
        if (enabled.contains("block_rq_issue")) {
            t.putObject("loop_requests").put("write_mb", rqWriteBytes / 1e6);
        }
        if (enabled.contains("mm_vmscan_lru_shrink_inactive") && !lostEvents()) {
            summary.putObject("shrink_inactive_total").put("nr_scanned", shrink[0]).put("nr_dirty", shrink[1]).put("nr_writeback", shrink[2]);
        }
        JsonNode cpu = manifest.path("commandCpu");
        if (cpu.isObject()) { // as record-reclaim.sh's fio.rusage: the rusage of the command's process tree
            double user = cpu.path("userSeconds").asDouble();
            double sys = cpu.path("systemSeconds").asDouble();
            ObjectNode w = summary.putObject("workload_cpu").put("user_s", user).put("sys_s", sys).put("cpu_s", user + sys)
                    .put("source", "manifest.json commandCpu");
            if (enabled.contains("mm_vmscan_lru_shrink_inactive") && !lostEvents()) {
                w.put("direct_scanned", shrink[3]);
            }
        }
    }

    /** bdi.samples: "NS KB KB" lines (# comments), the device's dirty (BdiReclaimable) and writeback kB. */
    private void readBdiSamples(Path file) throws IOException {
        dirtySeries.clear();
        dirtySource = "bdi";
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.trim().split("\\s+");
            try {
                dirtySeries.add(new long[] {Long.parseLong(p[0]) - appOffsetNs(), Long.parseLong(p[1]) / 4, Long.parseLong(p[2]) / 4});
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IOException(file + ": line " + n + ": expected NS_SINCE_START RECLAIMABLE_KB WRITEBACK_KB");
            }
        }
    }

    /**
     * How long after the start marker the application-level trace's first record came (manifest
     * appTrace.startOffsetNs; 0 if not recorded): the model's time 0, so the real series and run time
     * are counted from there.
     */
    long appOffsetNs() {
        return Math.max(0, manifest.path("appTrace").path("startOffsetNs").asLong(0));
    }

    /**
     * The kernel's name (comm, TASK_COMM_LEN 16: at most 15 characters) of the command's process: the
     * base name of the program the manifest's command ran; its children that did not exec another
     * program have it too (fio's jobs are "fio"). Null without a command.
     */
    String commandComm() {
        String prog = manifest.path("command").path(0).asText(null);
        if (prog == null) {
            return null;
        }
        String base = prog.substring(prog.lastIndexOf('/') + 1);
        return base.length() > 15 ? base.substring(0, 15) : base;
    }

    /** Whether the ring buffer overwrote or dropped events (manifest lostEvents): sums over events are then short. */
    boolean lostEvents() {
        for (JsonNode l : manifest.path("lostEvents")) {
            Matcher m = Pattern.compile("(?:overrun|dropped events): (\\d+)").matcher(l.asText());
            while (m.find()) {
                if (Long.parseLong(m.group(1)) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The command's run time (between the markers) and what it wrote (the application-level trace's writes). */
    private void summarizeWorkload() throws IOException {
        ObjectNode fio = summary.putObject("fio");
        fio.put("runtime_s", (endNs - startNs - appOffsetNs()) / 1e9);
        Path w = workload();
        if (w == null) {
            return;
        }
        AppWrites writes = AppWrites.of(w);
        fio.put("written_mb", writes.bytes() / 1e6);
        fio.put("written_bytes", writes.bytes());
        medianWriteBytes = writes.medianBytes();
    }

    /**
     * kswapd's CPU time over the run from kswapd.schedstat.before/after (NAME RUN_NS WAIT_NS SLICES per
     * kswapd), and per page of pgscan_kswapd, as summary.json's kswapd_cpu of record-reclaim.sh; nothing
     * when the recording has no such files or kswapd scanned nothing.
     */
    private static void kswapdCpu(Path dir, ObjectNode summary, ObjectNode delta) throws IOException {
        Path b = dir.resolve("kswapd.schedstat.before");
        Path a = dir.resolve("kswapd.schedstat.after");
        if (!Files.exists(b) || !Files.exists(a)) {
            return;
        }
        long ns = schedstatRunNs(a) - schedstatRunNs(b);
        long scanned = delta.path("pgscan_kswapd").asLong(0);
        ObjectNode k = summary.putObject("kswapd_cpu").put("cpu_s", ns / 1e9);
        if (scanned > 0) {
            k.put("ns_per_pgscan_kswapd", (double) ns / scanned);
        }
    }

    private static long schedstatRunNs(Path f) throws IOException {
        long ns = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(f)) {
            lineNo++;
            String[] p = line.trim().split("\\s+");
            if (line.isBlank()) {
                continue;
            }
            try {
                ns += Long.parseLong(p[1]);
            } catch (RuntimeException e) {
                throw new IOException(f + ":" + lineNo + ": expected NAME RUN_NS WAIT_NS SLICES, got '" + line + "'");
            }
        }
        return ns;
    }

    /** The median size of the application's writes in bytes, 0 if it wrote nothing. */
    long medianWriteBytes;

    /** The application-level trace, or null if the recording has none. */
    Path workload() {
        for (String name : WORKLOADS) {
            if (Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    /** The recording's own trace file (trace.txt or trace.txt.gz), which holds its block events. */
    Path traceSource() {
        return traceSource;
    }

    /** The block metrics of the trace's block events; an IOException naming the file when they are of another device. */
    BlockMetrics blockMetrics() throws IOException {
        return BlockMetrics.readTracefs(traceSource, device, MANIFEST + " says the recording is of " + manifest.path("device").asText());
    }

    private static Map<String, String> fields(String rest) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = KV.matcher(rest);
        while (m.find()) {
            f.put(m.group(1), m.group(2));
        }
        return f;
    }

    private static long number(Map<String, String> f, String key, String file, long line) throws IOException {
        String v = f.get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(file + ": line " + line + ": expected " + key + "=NUMBER");
        }
    }

    /** "NAME VALUE [kB]" lines (/proc/vmstat, /proc/meminfo): NAME (without a colon) -> the value. */
    private static Map<String, Long> numbers(Path file, int column) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file (a recording of wbreplay record has it)");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String[] p = line.trim().split("\\s+");
            if (p.length < 2) {
                continue;
            }
            try {
                out.put(p[0].endsWith(":") ? p[0].substring(0, p[0].length() - 1) : p[0], Long.parseLong(p[column]));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + n + ": expected NAME NUMBER, found '" + line.trim() + "'");
            }
        }
        return out;
    }

    private static long require(Map<String, Long> m, String key, Path file) throws IOException {
        Long v = m.get(key);
        if (v == null) {
            throw new IOException(file + ": no " + key);
        }
        return v;
    }

    /** KEY=VALUE lines. */
    private static Map<String, String> keyValues(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file (a recording of wbreplay record has it)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
