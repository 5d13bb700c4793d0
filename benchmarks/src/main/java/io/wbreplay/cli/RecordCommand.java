package io.wbreplay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wbreplay.reports.Recording;
import io.wbreplay.traces.TraceWriter;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.strace.StraceFileIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wbreplay record -o DIR [--device DEV] -- COMMAND...}: runs COMMAND while a tracefs instance of
 * its own records the block, writeback and vmscan tracepoints, strace its file I/O system calls (the
 * application level, as app.csv) and debugfs the device's own dirty pages, with /proc/vmstat,
 * /proc/meminfo, the vm sysctls and DEV's queue settings before and after. Everything it changes (the
 * instance, tracefs and debugfs mounts) is undone, also on failure and Ctrl-C.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run COMMAND (as root) while recording the kernel's block, writeback and vmscan tracepoints "
                + "through a private tracefs instance, COMMAND's file I/O system calls through strace (as the file-level "
                + "CSV app.csv, offsets resolved, files under DEV's mount points only) and DEV's own dirty and writeback "
                + "pages every 100 ms (debugfs bdi stats), with /proc/vmstat, /proc/meminfo, the vm sysctls and the device's "
                + "queue settings before and after. Writes DIR/trace.txt, app.csv, bdi.samples, vmstat.before/after, kswapd.schedstat.before/after, "
                + "meminfo.before/after, sysctl-vm.txt, queue.txt and manifest.json (what was recorded, on which kernel "
                + "and machine, lost events, COMMAND's CPU time). 'wbreplay validate DIR' compares the model with it."},
        footer = {"", "Leaves nothing behind: the instance is removed and tracefs/debugfs unmounted if record mounted them. "
                + "The trace is the instance's ring buffer read after COMMAND exits (nothing is written during the run); "
                + "manifest.json says if events were overwritten (raise --buffer-kb). strace slows a program that makes "
                + "very many system calls."})
final class RecordCommand implements Callable<Integer> {
    /** The tracepoints recorded, by system; those this kernel lacks are listed in manifest.json. */
    static final List<String> EVENTS = List.of(
            "block/block_bio_queue", "block/block_rq_insert", "block/block_rq_issue", "block/block_rq_complete",
            "writeback/global_dirty_state", "writeback/balance_dirty_pages", "writeback/writeback_start",
            "writeback/writeback_written", "writeback/writeback_single_inode", "writeback/writeback_queue",
            "writeback/bdi_dirty_ratelimit",
            "vmscan/mm_vmscan_lru_shrink_inactive", "vmscan/mm_vmscan_write_folio", "vmscan/mm_vmscan_kswapd_wake",
            "vmscan/mm_vmscan_kswapd_sleep", "vmscan/mm_vmscan_wakeup_kswapd", "vmscan/mm_vmscan_direct_reclaim_begin",
            "vmscan/mm_vmscan_direct_reclaim_end", "vmscan/mm_vmscan_throttled");
    static final String START_MARK = Recording.START_MARK;
    static final String END_MARK = Recording.END_MARK;
    static final String APP_TRACE = Recording.APP_TRACE;
    /** The wrapper shell's {@code times} output: COMMAND's CPU time, kept in manifest.json commandCpu. */
    static final String TIMES = "command.times";
    static final List<String> QUEUE = List.of("max_sectors_kb", "max_segments", "max_segment_size", "nr_requests", "scheduler", "rotational", "logical_block_size");
    static final List<String> SYSCTLS = List.of("dirty_ratio", "dirty_background_ratio", "dirty_bytes", "dirty_background_bytes",
            "dirty_expire_centisecs", "dirty_writeback_centisecs", "min_free_kbytes", "watermark_scale_factor", "swappiness");

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "The recording directory to write (created; must be empty).")
    Path out;

    @Option(names = "--device", paramLabel = "DEV",
            description = "The block device whose I/O to record: /dev/NAME or MAJ:MIN (default: the disk holding the current directory).")
    String device;

    @Option(names = "--buffer-kb", paramLabel = "KB", defaultValue = "65536",
            description = "Ring buffer per CPU, buffer_size_kb (default: ${DEFAULT-VALUE}).")
    int bufferKb;

    @Option(names = "--no-syscalls",
            description = "Do not trace COMMAND's file I/O system calls with strace (then DIR has no app.csv and validate has nothing to replay).")
    boolean noSyscalls;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command to run and its arguments (after --).")
    List<String> command;

    @Spec
    CommandSpec spec;

    /** Where the recording is written until it is complete: DIR.partial, renamed to DIR at the end. */
    private Path dir;
    private Tracefs tracefs;
    private Tracefs.Instance instance;
    private BdiSampler bdi;
    private Process process;
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        requireRoot(uid());
        Tracefs.Device dev = device != null ? Tracefs.Device.named(device) : Tracefs.Device.holding(Path.of(""));
        if (Files.isDirectory(out)) {
            try (var s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(out + ": not empty (a recording needs a directory of its own)");
                }
            }
        } else if (Files.exists(out)) {
            throw new IOException(out + ": exists and is not a directory");
        }
        Path partial = out.toAbsolutePath().resolveSibling(out.toAbsolutePath().getFileName() + ".partial");
        Files.createDirectory(partial); // refused if a previous recording left one
        dir = partial;
        // Ctrl-C or kill: the JVM runs shutdown hooks but no finally blocks, so the hook undoes everything
        Thread hook = new Thread(() -> {
            stopping = true;
            cleanUp();
            ValidateCommand.deleteQuietly(partial); // the JVM halts after the hooks: no finally below runs
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int exit = record(dev);
            cleanUp();
            Files.deleteIfExists(out);
            Files.move(partial, out);
            spec.commandLine().getErr().println("wbreplay: recorded " + out + " (" + command.get(0) + " exited with " + exit + ")");
            spec.commandLine().getErr().flush();
            return exit == 0 ? 0 : 1;
        } finally {
            cleanUp();
            ValidateCommand.deleteQuietly(partial); // only there when the recording failed
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    /** Stops the command, removes the instance and unmounts a private tracefs; safe to call twice and from the hook. */
    private synchronized void cleanUp() {
        if (process != null && process.isAlive()) {
            // strace detaches from its tracees when killed: stop the command and its children first
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (instance != null) {
                instance.close();
                instance = null;
            }
            if (tracefs != null) {
                tracefs.close();
                tracefs = null;
            }
            if (bdi != null) {
                bdi.close();
                bdi = null;
            }
        } catch (IOException e) {
            System.err.println("wbreplay: record: cleaning up: " + e.getMessage());
        }
    }

    private int record(Tracefs.Device dev) throws Exception {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("kernel", readProc(Path.of("/proc/sys/kernel/osrelease")).trim());
        manifest.put("hostname", readProc(Path.of("/proc/sys/kernel/hostname")).trim());
        manifest.put("cpus", Runtime.getRuntime().availableProcessors());
        manifest.put("command", command);
        manifest.put("device", dev.describe());
        synchronized (this) {
            tracefs = Tracefs.open();
            instance = tracefs.instance("wbreplay-record-" + ProcessHandle.current().pid());
        }
        manifest.put("tracefsMountedByRecord", tracefs.mountedHere());
        instance.bufferKb(bufferKb);
        List<String> enabled = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String e : EVENTS) {
            if (instance.enable(e, e.startsWith("block/") ? "dev == " + dev.kernelDev() : null)) {
                enabled.add(e);
            } else {
                absent.add(e);
            }
        }
        manifest.put("events", enabled);
        manifest.put("eventsAbsentFromThisKernel", absent);
        List<String> roots = dev.mountPoints();
        manifest.put("mountPoints", roots);
        List<String> run = new ArrayList<>();
        Path straceDir = dir.resolve("strace");
        if (!noSyscalls) {
            String strace = onPath("strace");
            if (strace == null) {
                throw new IOException("record: strace is not installed: it records COMMAND's file I/O system calls "
                        + "(the application level validate replays); install it or give --no-syscalls");
            }
            Files.createDirectory(straceDir);
            // -ff: one file per thread, so no call is split into unfinished/resumed halves; -s 0: no data
            run.addAll(List.of(strace, "-f", "-ff", "-qq", "-ttt", "-y", "-s", "0", "-e", "trace=" + StraceFileIo.SYSCALLS,
                    "-o", straceDir.resolve("s").toString(), "--"));
        }
        manifest.put("syscallsTracedWith", noSyscalls ? null : List.copyOf(run));
        // sh runs COMMAND as its child; once it has waited for it, `times` gives the user and system time of
        // every process it waited for (RUSAGE_CHILDREN: COMMAND and its waited descendants), strace not included
        Path times = dir.resolve(TIMES);
        run.addAll(List.of("/bin/sh", "-c", "\"$@\"; s=$?; times > \"$0\"; exit $s", times.toString()));
        run.addAll(command);
        String[] why = new String[1];
        synchronized (this) {
            bdi = BdiSampler.open(dev, why);
        }
        manifest.put("bdiSamples", bdi != null ? BdiSampler.FILE : "none: " + why[0]);
        snapshot("before", dev);
        instance.on(true);
        instance.mark(START_MARK);
        if (bdi != null) {
            bdi.start();
        }
        Instant start = Instant.now();
        manifest.put("start", start.toString());
        synchronized (this) {
            process = new ProcessBuilder(run).inheritIO().start();
        }
        int exit = process.waitFor();
        if (stopping) {
            throw new IOException("record: interrupted, the recording is discarded");
        }
        instance.mark(END_MARK);
        instance.on(false);
        if (bdi != null) {
            bdi.stopAndWrite(dir.resolve(BdiSampler.FILE));
        }
        manifest.put("end", Instant.now().toString());
        if (!noSyscalls) {
            StraceFileIo io = new StraceFileIo(roots).ignoring(times.toString()).readAll(straceDir, "s");
            TraceWriter w = TraceFormats.byName("wbreplay-csv").create(dir.resolve(APP_TRACE));
            try {
                io.writeTo(w);
                w.close();
            } catch (IOException | RuntimeException e) {
                w.abandon();
                throw e;
            }
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("file", APP_TRACE);
            app.put("records", io.records());
            app.put("straceLines", io.lines());
            // where app.csv's time 0 lies after the start marker: both clocks are wall time here
            long startNs = start.getEpochSecond() * 1_000_000_000L + start.getNano();
            app.put("startOffsetNs", io.firstTimeNs() < 0 ? 0 : io.firstTimeNs() - startNs);
            manifest.put("appTrace", app);
            ValidateCommand.deleteQuietly(straceDir);
        }
        manifest.put("exitCode", exit);
        if (Files.exists(times)) {
            manifest.put("commandCpu", commandCpu(times));
            Files.delete(times);
        }
        snapshot("after", dev);
        Files.copy(instance.file("trace"), dir.resolve("trace.txt"));
        manifest.put("lostEvents", instance.lostEvents());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("manifest.json").toFile(), manifest);
        return exit;
    }

    /**
     * The second line of sh's {@code times} ("0m1.230000s 0m4.560000s": children's user and system time;
     * dash and bash differ only in the digits) as userSeconds and systemSeconds.
     */
    static Map<String, Object> commandCpu(Path times) throws IOException {
        List<String> lines = Files.readAllLines(times);
        java.util.regex.Matcher m = lines.size() < 2 ? null
                : java.util.regex.Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s").matcher(lines.get(1).trim());
        if (m == null || !m.matches()) {
            throw new IOException(times + ":2: expected sh's times line 'MmS.SSs MmS.SSs' (children's user and system time)");
        }
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("userSeconds", Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2)));
        cpu.put("systemSeconds", Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4)));
        cpu.put("source", "sh's times around COMMAND: the rusage of every process of its tree that was waited for");
        return cpu;
    }

    /** Each kswapd's /proc/PID/schedstat (ns on a CPU, ns waiting, timeslices) after its name: what reclaim cost. */
    private static String kswapdSchedstat() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("[0-9]+")).sorted().toList()) {
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    if (comm.matches("kswapd[0-9]+")) {
                        b.append(comm).append(' ').append(Files.readString(p.resolve("schedstat")).trim()).append('\n');
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return b.toString();
    }

    /** /proc/vmstat, /proc/meminfo, the vm sysctls and the device's queue settings, as DIR/NAME.WHEN. */
    private void snapshot(String when, Tracefs.Device dev) throws IOException {
        Files.copy(Path.of("/proc/vmstat"), dir.resolve("vmstat." + when));
        Files.copy(Path.of("/proc/meminfo"), dir.resolve("meminfo." + when));
        Files.writeString(dir.resolve("kswapd.schedstat." + when), kswapdSchedstat());
        if (when.equals("before")) {
            StringBuilder b = new StringBuilder();
            for (String s : SYSCTLS) {
                Path f = Path.of("/proc/sys/vm", s);
                if (Files.exists(f)) {
                    b.append("vm.").append(s).append('=').append(readProc(f).trim()).append('\n');
                }
            }
            Files.writeString(dir.resolve("sysctl-vm.txt"), b.toString());
            Files.writeString(dir.resolve("queue.txt"), dev.queueSettings(QUEUE));
        }
    }

    /**
     * A /proc or /sys file's text. Not Files.readString: on JDK 17 it returned the first character of
     * /proc/sys/vm/dirty_ratio ("2" for 20); a stream read to its end returns it all.
     */
    static String readProc(Path f) throws IOException {
        try (var in = Files.newInputStream(f)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The executable {@code name} on PATH, or null. */
    static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** This process's real user id, from /proc/self/status. */
    static int uid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("/proc/self/status: no Uid: line");
    }

    static void requireRoot(int uid) {
        if (uid != 0) {
            throw new IllegalStateException("record needs root (uid 0, not " + uid
                    + "): it creates a tracefs instance and reads the kernel's tracepoints; run it with sudo");
        }
    }
}
