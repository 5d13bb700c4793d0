package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.device.Devices;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.Task;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random workloads (several tasks, sequential runs and jumps, reads, sync and FUA writes,
 * flushes, plugging, think times) on a small request pool, checked against the block layer's
 * invariants: every bio ends exactly once, after it was queued; each dispatched request is one
 * disk-contiguous run of same-direction bios within max_sectors; flushes travel alone; everything drains;
 * and the same seed gives the same event sequence.
 */
class RandomWorkloadTest {
    private static final int MAX_SECTORS = 256;

    @ParameterizedTest(name = "seed {0}, {1}, {2}")
    @CsvSource({
        "1, deadline, hdd", "2, deadline, hdd", "3, noop, hdd", "4, noop, hdd",
        "5, deadline, ssd", "6, noop, ssd", "7, deadline, ssd", "8, noop, ssd"})
    void invariantsHoldAndRunsRepeat(long seed, String elevator, String device) {
        Run first = new Run(seed, elevator, device);
        Run second = new Run(seed, elevator, device);
        assertThat(first.events).isEqualTo(second.events);
        assertThat(first.violations).isEmpty();
        assertThat(first.queue.stats().queueFullSleeps()).as("the small pool makes submitters sleep").isPositive();
        assertThat(first.queue.stats().backMerges() + first.queue.stats().frontMerges()).isPositive();
    }

    private static final class Run implements DispatchListener {
        final EventLoop loop = new EventLoop();
        final RequestQueue queue;
        final List<String> events = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final Map<Bio, Integer> endings = new IdentityHashMap<>();

        Run(long seed, String elevator, String device) {
            queue = new RequestQueue(loop, new DeviceQueue(Devices.create(device)), Elevators.create(elevator),
                    new QueueConfig(8, MAX_SECTORS / 2));
            queue.addListener(this);
            SplittableRandom random = new SplittableRandom(seed);
            List<ScriptTask> tasks = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                tasks.add(new ScriptTask(this, k, random.split()));
            }
            tasks.forEach(Task::start);
            loop.run();

            for (ScriptTask t : tasks) {
                check(t.state() == Task.State.DONE, t + " did not finish");
                for (Bio bio : t.submitted) {
                    check(endings.getOrDefault(bio, 0) == 1, bio + " ended " + endings.get(bio) + " times");
                }
            }
            check(queue.isIdle(), "queue not drained");
            check(queue.allocatedRequests(false) == 0 && queue.allocatedRequests(true) == 0, "requests leaked");
            check(queue.stats().completed() == queue.stats().dispatched(), "dispatched requests not all completed");
        }

        void check(boolean ok, String what) {
            if (!ok && violations.size() < 20) {
                violations.add(what);
            }
        }

        Bio newBio(long sector, int bytes, Operation op, int flags) {
            Bio bio = new Bio();
            bio.sector = sector;
            bio.bytes = bytes;
            bio.op = op;
            bio.flags = flags;
            bio.endIo = (b, now) -> {
                endings.merge(b, 1, Integer::sum);
                check(now >= b.queuedNs, b + " ended before it was queued");
            };
            return bio;
        }

        @Override
        public void onQueue(long nowNs, Bio bio) {
            events.add("Q " + nowNs + " " + bio);
        }

        @Override
        public void onMerge(long nowNs, Bio bio, Request rq, boolean front) {
            events.add((front ? "F " : "M ") + nowNs + " " + bio);
        }

        @Override
        public void onDispatch(long nowNs, Request rq) {
            events.add("D " + nowNs + " " + rq);
            long bytes = 0;
            for (int i = 0; i < rq.nrBios(); i++) {
                Bio b = rq.bio(i);
                bytes += b.bytes;
                check(b.op.equals(Operation.READ) == !rq.isWrite(), rq + " mixes directions");
                if (i > 0) {
                    check(rq.bio(i - 1).endSector() == b.sector, rq + " is not contiguous at bio " + i);
                }
            }
            check(rq.sector() == rq.bio(0).sector && bytes == rq.bytes(), rq + " extent disagrees with its bios");
            check(rq.sectors() <= MAX_SECTORS, rq + " exceeds max_sectors");
            if (rq.hasPreflush() || rq.isFua()) {
                check(rq.nrBios() == 1, rq + " merged a flush");
            }
        }

        @Override
        public void onComplete(long nowNs, Request rq) {
            events.add("C " + nowNs + " " + rq);
        }
    }

    /** Submits a random script: plugged batches of bios with think times between them. */
    private static final class ScriptTask extends Task {
        private final Run run;
        private final SplittableRandom random;
        final List<Bio> submitted = new ArrayList<>();
        private final long base;
        private long cursor;
        private int batches = 12;
        private int left;
        private boolean plugged;

        ScriptTask(Run run, int k, SplittableRandom random) {
            super(run.loop, "task" + k, 100 + k);
            this.run = run;
            this.random = random;
            this.base = 10_000_000L * k;
            this.cursor = base;
        }

        @Override
        protected void run(long nowNs) {
            while (true) {
                if (left == 0) {
                    if (plugged) {
                        run.queue.finishPlug(this);
                        plugged = false;
                    }
                    if (batches-- == 0) {
                        exit();
                        return;
                    }
                    left = 1 + random.nextInt(40);
                    if (random.nextInt(3) > 0) {
                        run.queue.startPlug(this);
                        plugged = true;
                    }
                    if (random.nextBoolean()) {
                        sleepFor(random.nextLong(20_000_000L), null);
                        return;
                    }
                }
                left--;
                Bio bio = nextBio();
                submitted.add(bio);
                if (!run.queue.submitBio(this, bio)) {
                    return; // asleep for a request; resume with the next bio
                }
            }
        }

        private Bio nextBio() {
            int roll = random.nextInt(100);
            if (roll < 2) {
                return run.newBio(0, 0, Operation.FLUSH, IoRecord.SYNC);
            }
            if (random.nextInt(10) >= 7) {
                cursor = base + 8L * random.nextInt(1_000_000);
            }
            int bytes = 4096 * (1 + random.nextInt(16));
            Operation op = roll < 20 ? Operation.READ : Operation.WRITE;
            int flags = 0;
            if (op == Operation.WRITE) {
                int f = random.nextInt(100);
                flags = f < 3 ? IoRecord.FUA : f < 5 ? IoRecord.PREFLUSH | IoRecord.SYNC : f < 15 ? IoRecord.SYNC : 0;
            }
            Bio bio = run.newBio(cursor, bytes, op, flags);
            cursor += bytes >>> 9;
            return bio;
        }
    }
}
