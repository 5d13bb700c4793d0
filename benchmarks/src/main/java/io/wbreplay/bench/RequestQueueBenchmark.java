package io.wbreplay.bench;

import io.wbreplay.replay.block.Bio;
import io.wbreplay.replay.block.BioEndIo;
import io.wbreplay.replay.block.Elevators;
import io.wbreplay.replay.block.QueueConfig;
import io.wbreplay.replay.block.RequestQueue;
import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.Operation;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The block layer under a writer: {@code bios} 4 KiB write bios submitted by one task to a
 * {@link RequestQueue} (deadline, nr_requests 128, 512 KiB requests) in front of the {@code device}
 * model, and the event loop run until the device has completed them all. {@code sequential} bios
 * back-merge into full-sized requests; {@code random} ones each take a request, so the submitter
 * keeps filling the queue, sleeping on it (QUEUE_FULL) and being woken as requests complete. The
 * secondary result {@code bios} is bios submitted and completed per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/wbreplay.jar jmh RequestQueueBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RequestQueueBenchmark {
    @Param({"sequential", "random"})
    String pattern;

    @Param({"hdd"})
    String device;

    @Param({"65536"})
    int bios;

    private long[] sectors;

    /** Bios through the block layer, as a rate per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Completed {
        public long bios;
    }

    @Setup(Level.Trial)
    public void sectors() {
        SplittableRandom random = new SplittableRandom(9);
        sectors = new long[bios];
        for (int i = 0; i < bios; i++) {
            sectors[i] = pattern.equals("sequential") ? 2048L + 8L * i : random.nextLong(1L << 30) & ~7L;
        }
    }

    @Benchmark
    public long submitAll(Completed completed) {
        EventLoop loop = new EventLoop();
        RequestQueue queue = new RequestQueue(loop, new DeviceQueue(Devices.create(device)), Elevators.create("deadline"), QueueConfig.DEFAULT);
        Submitter s = new Submitter(loop, queue);
        s.start();
        loop.run();
        if (s.done != bios) {
            throw new IllegalStateException(s.done + " of " + bios + " bios completed");
        }
        completed.bios += s.done;
        return loop.now();
    }

    /** Submits the bios in order, sleeping whenever the queue has no free request. */
    private final class Submitter extends Task implements BioEndIo {
        private final RequestQueue queue;
        private int next;
        int done;

        Submitter(EventLoop loop, RequestQueue queue) {
            super(loop, "writer", 100);
            this.queue = queue;
        }

        @Override
        protected void run(long nowNs) {
            while (next < bios) {
                Bio b = new Bio();
                b.op = Operation.WRITE;
                b.sector = sectors[next++];
                b.bytes = 4096;
                b.origin = IoOrigin.FLUSHER_BACKGROUND;
                b.endIo = this;
                if (!queue.submitBio(this, b)) {
                    return; // asleep for a request; run again when one is free
                }
            }
        }

        @Override
        public void endIo(Bio bio, long nowNs) {
            done++;
        }
    }
}
