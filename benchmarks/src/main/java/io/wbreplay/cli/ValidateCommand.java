package io.wbreplay.cli;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.driver.ReplayOptions;
import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.replay.driver.RunConfig;
import io.wbreplay.reports.BlockMetrics;
import io.wbreplay.reports.Parallel;
import io.wbreplay.reports.Recording;
import io.wbreplay.reports.RunDirectory;
import io.wbreplay.reports.RunTable;
import io.wbreplay.reports.Validation;
import io.wbreplay.reports.charts.ValidationCharts;
import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.synth.MemoryHogSchedule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wbreplay validate DIR}: the model configured from a recording of the real kernel, replaying its workload, metric by metric. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a recording's application-level trace through the model configured as the recorded "
                + "machine was and print, metric by metric, real | model | model/real | error | within 2x?. "
                + "Writes OUT/validation.json and, for a recording with its block events, OUT/device.calibration.",
            "DIR is a recording of 'wbreplay record' (manifest.json, trace.txt[.gz], app.csv[.gz], ...): memory, page "
                + "cache and dirty ratios from meminfo and the sysctls, nr_requests, the largest request and the "
                + "scheduler from queue.txt, the era from the kernel, and a device fitted to the recorded D2C times "
                + "(calibrated:OUT/device.calibration, usable in replay and compare); its system calls are replayed at "
                + "their recorded times.",
            "Or one of scripts/record-reclaim.sh (run.env, summary.json, fio.iolog.gz; traces/samples/recorded/README.md): "
                + "its blk-throttle limits as the device; unthrottled, the device fitted to the loop device's D2C times "
                + "of its trace.txt[.gz] when it keeps one, else ssd; its fio iolog replayed closed-loop."},
        footer = {"", "Block metrics (write dispatches, request sizes, btt's D2D seeks, Q2C, D2C) are computed the same way "
                + "from the recorded block events and from the model's dispatch log. A metric the recording lacks is "
                + "'missing', not 0. docs/validation.md explains every row."})
final class ValidateCommand implements Callable<Integer> {
    /** The device fitted to a recording's D2C times, written next to validation.json (usable as --device calibrated:FILE). */
    static final String CALIBRATION = "device.calibration";

    @Parameters(paramLabel = "DIR", description = "The recording directory.")
    Path dir;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write validation.json (default: DIR).")
    Path out;

    @Option(names = "--device", paramLabel = "MODEL",
            description = "Device model instead of the recording's (default: throttled:BPS:IOPS from run.env's blk-throttle limits; "
                    + "else calibrated:OUT/device.calibration when the recording has its block events, ssd when it has none).")
    String device;

    @Option(names = "--keep-model", paramLabel = "RUNDIR",
            description = "Keep the model's run directory (summary.json, timeseries.csv, ...) here instead of deleting it.")
    Path keepModel;

    @Option(names = "--closed-loop",
            description = "Replay as fast as the model allows also a recording of wbreplay record (its default: the recorded times of the system calls).")
    boolean closedLoop;

    @Option(names = "--strategy", paramLabel = "S",
            description = "Also replay the recording's configuration, as the model was given it, under these reclaim writeback "
                    + "strategies ('all', or names separated by commas) into OUT/strategies/<strategy>/, and print them side by side: "
                    + "the strategies compared on a machine checked against the real kernel.",
            completionCandidates = ReplayCommand.StrategyNames.class)
    String strategies;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Recording rec = Recording.open(dir);
        Path iolog = rec.iolog();
        Path target = out != null ? out : dir;
        Files.createDirectories(target);
        Path tmp = Files.createTempDirectory("wbreplay-validate");
        Thread cleanup = new Thread(() -> deleteQuietly(tmp));
        Runtime.getRuntime().addShutdownHook(cleanup); // also on SIGINT/SIGTERM
        try {
            Path trace = iolog.getFileName().toString().endsWith(".gz") ? Recording.gunzip(iolog, tmp.resolve("workload")) : iolog;
            BlockMetrics realBlock = rec.blockMetrics();
            Path hog = tmp.resolve("hog.csv");
            Files.writeString(hog, MemoryHogSchedule.HEADER + "\n0," + rec.pinnedBytes() + "\n");
            RunConfig run = new RunConfig();
            CoreConfig c = run.core;
            c.memoryBytes = rec.memoryBytes();
            c.hog = MemoryHogSchedule.read(hog);
            c.dirtyRatio = rec.dirtyRatio();
            c.minFreeKbytes = rec.minFreeKbytes();
            c.reclaimScanNs = rec.reclaimScanNs();
            c.writePageNs = rec.writePageNs();
            c.dirtyBackgroundRatio = rec.dirtyBackgroundRatio();
            c.kernel = rec.era();
            String zones = rec.zones();
            if (zones != null && !c.kernel.perZoneLru()) { // the recorded zones, not the x86-64 layout of MemTotal
                c.zones = io.wbreplay.replay.mm.ZoneSizesInit.parse(zones);
                c.memoryBytes = c.zones.totalFrames() * 4096;
            }
            c.initialDirtyLimitBytes = rec.initialDirtyLimitBytes();
            c.initialDirtyRatelimitBytes = rec.initialDirtyRatelimitBytes();
            c.initialWriteBandwidthBytes = rec.initialWriteBandwidthBytes();
            c.initialRawWriteBandwidthBytes = rec.initialRawWriteBandwidthBytes();
            c.initialActiveBytes = rec.initialActiveBytes();
            c.initialInactiveBytes = rec.initialInactiveBytes();
            c.otherRefaultsPerS = rec.otherRefaultsPerS();
            c.otherTasks = rec.otherTasks();
            c.cpus = rec.cpus();
            c.otherReadPages = rec.otherReadPages();
            c.otherWriteoutPerS = rec.otherWriteoutPerS();
            c.memcgStatReadNs = rec.memcgStatReadNs();
            c.fallbacksPerS = rec.fallbacksPerS();
            int[] layout = rec.initialCacheRuns();
            if (layout != null) {
                c.initialCacheRuns = layout;
            }
            if (rec.deviceBytes() != null) { // ext4 made on the whole device: where its journal lies
                c.fsSizeBytes = rec.deviceBytes();
            }
            ReplayOptions o = run.options;
            // record-reclaim.sh's fio wrote as fast as it could; a command under wbreplay record keeps its pace
            o.closedLoop = closedLoop || !rec.recordedByWbreplay();
            String dev = device != null ? device : rec.device();
            if (dev == null) { // the recording keeps its block events: the device fitted to their D2C times
                Path cal = target.resolve(CALIBRATION);
                String source = rec.blockTrace().toString();
                AtomicOutput.writeString(cal, realBlock.calibrate(source).toProperties(realBlock.calibrationSamples(), source));
                dev = "calibrated:" + cal;
            }
            run.device = dev;
            run.elevator = rec.elevator();
            if (rec.nrRequests() != null) {
                run.nrRequests = rec.nrRequests();
            }
            if (rec.maxRequestKb() != null) {
                run.maxSectorsKb = rec.maxRequestKb();
            }
            run.format = rec.workloadFormat();
            Path modelDir = keepModel != null ? keepModel : tmp.resolve("model");
            List<String> others = strategies == null ? List.of() : ReplayCommand.strategies(strategies);
            ReplayRun baseline = run.run(trace, c.strategy);
            baseline.execute(modelDir);

            RunDirectory model = RunDirectory.open(modelDir);
            Validation v = Validation.of(rec, model, realBlock, Validation.modelBlockMetrics(model));
            Map<String, Object> conf = new LinkedHashMap<>();
            conf.put("kernel", c.kernel.label());
            conf.put("memoryBytes", c.memoryBytes);
            conf.put("pinnedBytes", rec.pinnedBytes());
            conf.put("dirtyRatio", c.dirtyRatio);
            conf.put("dirtyBackgroundRatio", c.dirtyBackgroundRatio);
            conf.put("minFreeKbytes", c.minFreeKbytes);
            conf.put("zones", c.zones == null ? null : c.zones.toString());
            conf.put("reclaimScanNs", c.reclaimScanNs());
            conf.put("kswapdRunNs", c.kswapdRunNs());
            conf.put("writePageNs", c.writePageNs);
            conf.put("device", dev);
            conf.put("nrRequests", run.nrRequests);
            conf.put("maxSectorsKb", run.maxSectorsKb);
            conf.put("elevator", rec.elevator());
            conf.put("initialDirtyLimitBytes", c.initialDirtyLimitBytes);
            conf.put("initialDirtyRatelimitBytes", c.initialDirtyRatelimitBytes);
            conf.put("initialWriteBandwidthBytes", c.initialWriteBandwidthBytes);
            conf.put("initialRawWriteBandwidthBytes", c.initialRawWriteBandwidthBytes);
            conf.put("initialActiveBytes", c.initialActiveBytes);
            conf.put("initialInactiveBytes", c.initialInactiveBytes);
            conf.put("otherRefaultsPerS", c.otherRefaultsPerS);
            conf.put("otherTasks", c.otherTasks);
            conf.put("cpus", c.cpus);
            conf.put("otherReadPages", c.otherReadPages);
            conf.put("otherWriteoutPerS", c.otherWriteoutPerS);
            conf.put("memcgStatReadNs", c.memcgStatReadNs);
            conf.put("fallbacksPerS", c.fallbacksPerS);
            conf.put("initialCacheRuns", c.initialCacheRuns);
            conf.put("fsSizeBytes", c.fsSizeBytes);
            conf.put("closedLoop", o.closedLoop);
            // --pinned names the schedule validate wrote for the run, shown after the command
            conf.put("command", "wbreplay replay " + iolog.getFileName() + " -o RUN " + String.join(" ", run.args())
                    + " --pinned HOG.csv (HOG.csv: " + MemoryHogSchedule.HEADER + " / 0," + rec.pinnedBytes() + ")");
            Path json = target.resolve("validation.json");
            v.writeJson(json, conf);
            String heading = String.format("%s: model %s, %s, dirty_ratio %d/%d, initial dirty_limit %d pages, %s pinned of %s, "
                    + "other disks' writeback %d pages/s, other tasks' refaults %d pages/s, %d a fault, %d CPUs, %d boosting fallbacks",
                    rec.name(), c.kernel.label(), dev, c.dirtyRatio, c.dirtyBackgroundRatio, c.initialDirtyLimitBytes / 4096,
                    mib(rec.pinnedBytes()), mib(c.memoryBytes), c.otherWriteoutPerS, c.otherRefaultsPerS, c.otherReadPages, c.cpus,
                    java.util.Arrays.stream(c.fallbacksPerS).sum())
                    + (layout == null ? "" : ", its cache in runs of 1/2/4/8/16+ frames " + java.util.Arrays.stream(layout)
                            .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("/")));
            Path strategyDir = target.resolve("strategies");
            String strategyTable = others.isEmpty() ? null : compareStrategies(baseline, others, strategyDir);
            v.writeHtml(target, heading, ValidationCharts.FILES, strategyTable);
            PrintWriter p = spec.commandLine().getOut();
            p.println(heading);
            p.print(v.table());
            p.println("written: " + json + ", " + target.resolve("validation.html")
                    + (keepModel != null ? " and the model's run " + keepModel : ""));
            if (strategyTable != null) {
                p.println();
                p.printf("The same configuration under each strategy (%d runs):%n", others.size());
                p.print(strategyTable);
                p.println(ReplayCommand.written(strategyDir + "/<strategy>", baseline.options().dispatchLog));
            }
            p.flush();
            return 0;
        } finally {
            deleteQuietly(tmp);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** The validated configuration under each of {@code names}, in parallel into DIR/<strategy>/: their side-by-side table. */
    private static String compareStrategies(ReplayRun baseline, List<String> names, Path dir) throws Exception {
        try {
            Parallel.map(names, Runtime.getRuntime().availableProcessors(), s -> baseline.withStrategy(s).execute(dir.resolve(s)), n -> { });
        } catch (Parallel.ItemFailed e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        List<RunDirectory> runs = new ArrayList<>();
        for (String s : names) {
            runs.add(RunDirectory.open(dir.resolve(s)));
        }
        return RunTable.text(names, runs);
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /**
     * Deletes {@code root} and everything under it, if it exists; best effort. Tried again while it is
     * there: another thread (a shutdown hook and the main thread's finally) may be deleting the same
     * tree, which makes a walk fail half way.
     */
    static void deleteQuietly(Path root) {
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // another deleter got there first: walk again
            }
        }
    }
}
