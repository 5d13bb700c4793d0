package io.wbreplay.replay.driver;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.block.BlockQueue;
import io.wbreplay.replay.hazard.DeadlockException;
import io.wbreplay.replay.hazard.OnDeadlock;
import io.wbreplay.replay.metrics.DispatchSink;
import io.wbreplay.replay.metrics.RunMetrics;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.replay.mm.Zone;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays one trace against a fresh {@link Kernel}: one {@link StreamTask} per pid fed lazily by a
 * {@link TracePump}; runs until every stream has finished and the page cache is clean (or the drain
 * limit passes), or until tasks deadlock (then it stops there, or throws {@link DeadlockException}
 * under {@link OnDeadlock#ABORT}), and returns the {@link RunResult}. A deadlock through memory (a task
 * holding page locks sleeps in an allocation retry while kswapd waits for one of them) only shows as
 * a run that makes no progress: after {@link #HUNG_TASK_TIMEOUT_NS} of that the checker looks for it.
 */
public final class Replayer {
    /** khungtaskd's default hung_task_timeout_secs: 120 s. */
    public static final long HUNG_TASK_TIMEOUT_NS = 120_000_000_000L;
    /** Files are laid out in at most 2^24 extents (ExtentMap keeps one long per extent up to the last used). */
    static final int MAX_EXTENTS_LOG2 = 24;
    /** Simulated time without progress (and not paced by the trace) after which a run is stuck. */
    public static final long NO_PROGRESS_LIMIT_NS = 600_000_000_000L;
    private final CoreConfig config;
    private final ReplayOptions options;
    private final BlockQueueFactory queues;
    private DispatchSink extraSink;
    private Machine machine;
    private Kernel kernel;
    private RunMetrics metrics;
    private TracePump pump;
    private int streams;
    private int activeStreams;
    private final List<Task> tasks = new ArrayList<>();
    private FileTable files;

    public Replayer(CoreConfig config, ReplayOptions options, BlockQueueFactory queues) {
        this.config = config;
        this.options = options;
        this.queues = queues;
    }

    /** Also reports dispatches to {@code sink} (e.g. the dispatch blktrace writer). */
    public Replayer withDispatchSink(DispatchSink sink) {
        this.extraSink = sink;
        return this;
    }

    /**
     * Replays {@code reader}'s records. {@code sectorIssueOnly}: the trace has no Q events, so its D
     * events are replayed (see {@link TraceProbe}).
     */
    public RunResult run(TraceReader reader, boolean sectorIssueOnly) throws IOException {
        EventLoop loop = new EventLoop();
        metrics = new RunMetrics();
        DispatchSink sink = extraSink == null ? metrics : DispatchSink.tee(metrics, extraSink);
        BlockQueue queue = queues.create(loop, sink);
        machine = new Machine(config, loop, queue);
        kernel = machine.kernel;
        files = new FileTable(kernel);
        metrics.attach(kernel);
        machine.start();
        pump = new TracePump(loop, reader, options.closedLoop, sectorIssueOnly, this::newStream,
                options.variation.arrivalJitterNs(), config.seed,
                (long) config.extentPages * Zone.PAGE_SIZE << MAX_EXTENTS_LOG2, new PrefetchRecords(files, kernel.pages));
        if (config.otherRefaultsPerS > 0) {
            Task other = new OtherTasksPump(machine, kernel.initialCacheInode(), config.otherRefaultsPerS, config.otherReadPages,
                    config.otherTasks,
                    () -> activeStreams == 0 && pump.eof());
            tasks.add(other);
            other.start();
        }
        pump.poke(null);
        long streamsEndNs = -1;
        long[] countersAtStreamsEnd = null;
        long cleanNs = -1;
        long lastProgress = 0;
        long progressMark = -1;
        // the drain limit bounds the time after the last record; a stuck model is judged on its own clock
        long stuckNs = Math.max(options.drainLimitNs, NO_PROGRESS_LIMIT_NS);
        try {
            while (true) {
                if (kernel.hazards.deadlocked()) { // the deadlocked tasks can never run again: stop here
                    if (config.onDeadlock == OnDeadlock.ABORT) {
                        throw new DeadlockException(kernel.hazards.deadlock());
                    }
                    break;
                }
                if (activeStreams == 0 && pump.eof()) {
                    if (streamsEndNs < 0) {
                        streamsEndNs = loop.now();
                        countersAtStreamsEnd = kernel.counters();
                    }
                    if (kernel.vmstat.get(VmItem.NR_DIRTY) + kernel.vmstat.get(VmItem.NR_WRITEBACK) == 0) {
                        cleanNs = loop.now() - streamsEndNs;
                        break;
                    }
                    if (loop.now() - streamsEndNs > options.drainLimitNs) {
                        break;
                    }
                }
                long progress = pump.records() + kernel.vmstat.get(VmItem.NR_WRITTEN) + kernel.vmstat.get(VmItem.PGPGIN);
                if (progress != progressMark) {
                    progressMark = progress;
                    lastProgress = loop.now();
                } else if (loop.now() - lastProgress >= HUNG_TASK_TIMEOUT_NS
                        && kernel.hazards.findHungCycle(machine.pgdat.kswapd, lastProgress)) {
                    continue; // a deadlock through memory: stopped above
                } else if (loop.now() - lastProgress > stuckNs && tracePaced()) {
                    lastProgress = loop.now(); // the trace is idle (a gap between its records): not stuck
                } else if (loop.now() - lastProgress > stuckNs) {
                    throw new IllegalStateException("replay made no progress for " + stuckNs / 1_000_000_000L
                            + " s of simulated time at " + loop.now() / 1e9 + " s: " + activeStreams + " stream(s) blocked; "
                            + taskStatus());
                }
                if (!loop.runNext()) {
                    break;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        metrics.stopSampling();
        long records = pump.records();
        return new RunResult(metrics, kernel, machine.strategy, records, loop.now(), streamsEndNs, cleanNs, countersAtStreamsEnd);
    }

    /** True if the trace's own timing holds the run: the pump or a stream waits for a record's time. */
    private boolean tracePaced() {
        if (pump.waitingForTrace(kernel.loop.now())) {
            return true;
        }
        for (Task t : tasks) {
            if (t instanceof StreamTask s && s.pacing()) {
                return true;
            }
        }
        return false;
    }

    /** Every task that has not exited, and what it waits for. */
    private String taskStatus() {
        StringBuilder b = new StringBuilder();
        for (Task t : tasks) {
            if (t.state() != Task.State.DONE) {
                b.append(b.length() == 0 ? "" : "; ").append(t.status());
            }
        }
        b.append("; ").append(machine.bdi.status()).append(" with ").append(machine.bdi.queuedWorks()).append(" queued work(s)");
        b.append("; ").append(machine.pgdat.kswapd.status());
        return b.append("; pages: ").append(kernel.vmstat.get(VmItem.NR_DIRTY)).append(" dirty, ")
                .append(kernel.vmstat.get(VmItem.NR_WRITEBACK)).append(" under writeback, ")
                .append(kernel.zone.freePages()).append(" free").toString();
    }

    private StreamTask newStream(int pid, long firstNs) {
        streams++;
        StreamTask t = new StreamTask(machine, this, metrics, pump, pid, options);
        tasks.add(t);
        activeStreams++;
        t.start();
        return t;
    }

    void streamDone(StreamTask t) {
        activeStreams--;
    }

    /** The trace's files, shared by every stream. */
    FileTable files() {
        return files;
    }
}
