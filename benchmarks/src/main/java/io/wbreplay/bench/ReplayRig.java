package io.wbreplay.bench;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.block.Elevators;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.block.RequestQueue;
import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.driver.ReplayOptions;
import io.wbreplay.replay.driver.ReplayRun;
import io.wbreplay.replay.driver.Replayer;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.driver.SinkListener;
import io.wbreplay.replay.driver.RunFiles;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.synth.SynthOptions;
import io.wbreplay.traces.synth.Workload;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * One replay of a synthetic workload on the machine {@code wbreplay replay} simulates by default: a
 * 7200 rpm disk behind the deadline scheduler with the default queue (nr_requests 128, 512 KiB
 * requests). The trace is generated while it is replayed, so only the simulator is timed.
 */
public final class ReplayRig {
    private ReplayRig() {
    }

    /** Replays {@code records} data operations of {@code workload} with {@code config}. */
    static RunResult replay(String workload, long records, long fileBytes, CoreConfig config) throws IOException {
        SynthOptions o = new SynthOptions();
        o.count = records;
        o.fileSize = fileBytes;
        Replayer replayer = new Replayer(config, new ReplayOptions(), (loop, sink) -> {
            RequestQueue q = new RequestQueue(loop, new DeviceQueue(Devices.create("hdd")), Elevators.create("deadline"), QueueConfig.DEFAULT);
            q.addListener(new SinkListener(sink, ReplayRun.DEVICE_NUMBER));
            return q;
        });
        try (TraceReader trace = Workload.byName(workload).open(o)) {
            return replayer.run(trace, false);
        }
    }

    /**
     * One seeded replay outside JMH, for profiling and for comparing summaries before and after a
     * change: {@code WORKLOAD RECORDS SCENARIO STRATEGY}, the scenario {@code fits}, {@code pressure}
     * ({@link ReplayScenario}) or {@code MEMORY_MIB:FILE_MIB} (default tunables otherwise). Prints
     * summary.json (wallSeconds 0) and, on stderr, the wall and CPU time and records per second of
     * each (CPU time is the steadier figure on a shared machine).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ReplayRig WORKLOAD RECORDS fits|pressure|MEMORY_MIB:FILE_MIB STRATEGY");
            System.exit(2);
        }
        CoreConfig c;
        long fileBytes;
        int colon = args[2].indexOf(':');
        if (colon < 0) {
            ReplayScenario s = ReplayScenario.byName(args[2]);
            c = s.config(args[3]);
            fileBytes = s.fileBytes();
        } else {
            c = new CoreConfig();
            c.memoryBytes = Long.parseLong(args[2].substring(0, colon)) << 20;
            c.strategy = args[3];
            fileBytes = Long.parseLong(args[2].substring(colon + 1)) << 20;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        RunResult r = replay(args[0], Long.parseLong(args[1]), fileBytes, c);
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.println(RunFiles.summaryJson(r, c.strategy, c.throttle().label(), 0));
        System.err.printf(Locale.ROOT, "%d records in %.2f s (%.2f s cpu): %.0f records/s, %.0f per cpu second%n",
                r.records(), wall, cpu, r.records() / wall, r.records() / cpu);
    }
}
