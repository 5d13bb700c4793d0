package io.wbreplay.replay.vmscan;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.driver.ReplayOptions;
import io.wbreplay.replay.driver.Replayer;
import io.wbreplay.replay.driver.RunResult;
import io.wbreplay.replay.hazard.HazardKind;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.StallCause;
import io.wbreplay.traces.synth.SynthOptions;
import io.wbreplay.traces.synth.Workload;
import java.util.Locale;

/** Scratch: every strategy on one memory-pressure workload, one line each. Args: workload memMiB count [fsDelalloc]. */
public final class StrategyComparisonMain {
    public static void main(String[] args) throws Exception {
        String workload = args.length > 0 ? args[0] : "reclaim-hazards";
        long mem = (args.length > 1 ? Long.parseLong(args[1]) : 32) << 20;
        long count = args.length > 2 ? Long.parseLong(args[2]) : 20000;
        boolean delalloc = args.length > 3 && Boolean.parseBoolean(args[3]);
        long block = (args.length > 4 ? Long.parseLong(args[4]) : 4) << 10;
        int pinPercent = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int streams = args.length > 6 ? Integer.parseInt(args[6]) : 4;
        long dirtyBytes = (args.length > 7 ? Long.parseLong(args[7]) : 0) << 20;
        System.out.println("strategy dispatches meanKiB d2dMean seqFrac stallP99ms stallTotalS reclaimPages flusherPages pageoutPages clean(s) hazards");
        for (String s : ReclaimStrategies.names()) {
            CoreConfig c = new CoreConfig();
            c.memoryBytes = mem;
            c.strategy = s;
            c.fsDelallocAscending = delalloc;
            c.dirtyBytes = dirtyBytes;
            c.dirtyBackgroundBytes = dirtyBytes / 2;
            java.util.List<io.wbreplay.replay.mm.MemoryHogSchedule.Step> steps = new java.util.ArrayList<>();
            for (int i = 1; i <= 20; i++) { // grows to pinPercent over 0.2 s
                steps.add(new io.wbreplay.replay.mm.MemoryHogSchedule.Step(i * 10_000_000L, mem * pinPercent / 100 * i / 20));
            }
            c.hog = io.wbreplay.replay.mm.MemoryHogSchedule.of(steps);
            SynthOptions o = new SynthOptions();
            o.count = count;
            o.fileSize = 64L << 20;
            o.blockSize = block;
            o.streams = streams;
            long t0 = System.nanoTime();
            RunResult r = new Replayer(c, new ReplayOptions(), RealQueue.hddDeadline()).run(Workload.byName(workload).open(o), false);
            var m = r.metrics();
            var k = r.kernel();
            StringBuilder hz = new StringBuilder();
            for (HazardKind h : HazardKind.values()) {
                hz.append(h.label()).append('=').append(k.hazards.count(h)).append(' ');
            }
            System.out.println(String.format(Locale.ROOT, "%-22s %7d %7.1f %10.0f %.3f %8.1f %8.2f %7d %7d %7d %7.2f %s [%.1fs] vmscan_write=%d immediate=%d steal=%d allocstall=%d",
                    s, m.writeDispatches(), m.writeDispatches() == 0 ? 0 : m.writeBytes() / 1024.0 / m.writeDispatches(), m.d2d().mean(), m.sequentialFraction(),
                    m.stallAll.getValueAtPercentile(99) / 1e6, m.stallAll.getMean() * m.stallAll.getTotalCount() / 1e9,
                    k.writtenBy(IoOrigin.RECLAIM), k.writtenBy(IoOrigin.FLUSHER_BACKGROUND) + k.writtenBy(IoOrigin.FLUSHER_KUPDATE),
                    k.writtenBy(IoOrigin.FLUSHER_PAGEOUT), r.timeToCleanNs() / 1e9, hz, (System.nanoTime() - t0) / 1e9,
                    k.vmstat.get(VmItem.NR_VMSCAN_WRITE), k.vmstat.get(VmItem.NR_VMSCAN_IMMEDIATE_RECLAIM), k.vmstat.get(VmItem.PGSTEAL), k.vmstat.get(VmItem.ALLOCSTALL)));
            if (k.hazards.deadlocked()) {
                System.out.println("    " + k.hazards.deadlock());
            }
        }
    }
}
