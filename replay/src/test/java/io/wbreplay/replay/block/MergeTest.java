package io.wbreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.device.DeviceQueue;
import io.wbreplay.replay.sim.EventLoop;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bio and request merging (blk_queue_bio(), elv_merge(), attempt_merge()). A "blocker" request at a far
 * sector keeps the one-deep device busy for 1 ms, so the requests queued behind it stay mergeable.
 */
class MergeTest {
    private static final long MS = 1_000_000L;

    private final EventLoop loop = new EventLoop();
    private final EventLog log = new EventLog();
    private final TestTask task = new TestTask(loop, "writer", 42);
    private final List<String> ended = new ArrayList<>();

    private RequestQueue queue(Elevator elevator, QueueConfig config) {
        RequestQueue q = new RequestQueue(loop, new DeviceQueue(new FixedDevice(MS)), elevator, config);
        q.addListener(log);
        return q;
    }

    private Bio write(long sector, int sectors) {
        Bio bio = new Bio();
        bio.op = Operation.WRITE;
        bio.sector = sector;
        bio.bytes = sectors * 512;
        bio.origin = IoOrigin.FLUSHER_BACKGROUND;
        bio.endIo = (b, now) -> ended.add(b.sector + "@" + now);
        return bio;
    }

    @Test
    void backAndFrontMergesBuildOneRequestWhoseBiosEndInDiskOrder() {
        RequestQueue q = queue(new NoopElevator(), QueueConfig.DEFAULT);
        q.submitBio(task, write(900_000, 8)); // blocker, issued at once
        q.submitBio(task, write(1000, 8));
        q.submitBio(task, write(1008, 8)); // starts where 1000+8 ends: back merge
        q.submitBio(task, write(992, 8)); // ends where the request starts: front merge (last-merge cache)
        loop.run();

        assertThat(log.of("M")).containsExactly("M 0 1008+8");
        assertThat(log.of("F")).containsExactly("F 0 992+8");
        assertThat(log.lines).containsSubsequence("D 0 900000+8", "C 1000000 900000+8", "D 1000000 992+24",
                "C 2000000 992+24");
        assertThat(q.stats().requests()).isEqualTo(2);
        // every bio ends at its request's completion, in disk order
        assertThat(ended).containsExactly("900000@1000000", "992@2000000", "1000@2000000", "1008@2000000");
    }

    @Test
    void deadlineFrontMergesThroughItsSortListWhereNoopCannot() {
        // 1000+8 queued, then 5000+8 and 5008+8 (the latter back-merges, moving the last-merge cache
        // to 5000); 992+8 ends where 1000 starts: only deadline's sort list finds that request.
        for (boolean deadline : new boolean[] {true, false}) {
            EventLoop l = new EventLoop();
            EventLog events = new EventLog();
            TestTask t = new TestTask(l, "w", 1);
            Elevator e = deadline ? new DeadlineElevator() : new NoopElevator();
            RequestQueue q = new RequestQueue(l, new DeviceQueue(new FixedDevice(MS)), e, QueueConfig.DEFAULT);
            q.addListener(events);
            for (long s : new long[] {900_000, 1000, 5000, 5008, 992}) {
                q.submitBio(t, write(s, 8));
            }
            l.run();
            if (deadline) {
                assertThat(events.of("F")).containsExactly("F 0 992+8");
                assertThat(q.stats().requests()).isEqualTo(3);
                // the blocker left no next request: restart from the FIFO head (992+16), then sector order
                assertThat(events.dispatchedExtents()).containsExactly("900000+8", "992+16", "5000+16");
            } else {
                assertThat(events.of("F")).isEmpty();
                assertThat(q.stats().requests()).isEqualTo(4);
                // noop: FIFO order of allocation
                assertThat(events.dispatchedExtents()).containsExactly("900000+8", "1000+8", "5000+16", "992+8");
            }
        }
    }

    @Test
    void maxSectorsStopsAMergeAndMarksTheRequestFull() {
        RequestQueue q = queue(new NoopElevator(), new QueueConfig(128, 8)); // 16 sectors at most
        q.submitBio(task, write(900_000, 8));
        q.submitBio(task, write(1000, 8));
        q.submitBio(task, write(1008, 8)); // 16 sectors: fits
        q.submitBio(task, write(1016, 8)); // 24 > 16: a new request
        q.submitBio(task, write(992, 8)); // would fit before 1016, but the full request takes no more
        loop.run();

        assertThat(log.dispatchedExtents()).containsExactly("900000+8", "1000+16", "1016+8", "992+8");
        assertThat(q.stats().backMerges()).isEqualTo(1);
        assertThat(q.stats().frontMerges()).isZero();
    }

    @Test
    void aBioThatFillsTheGapMergesTheTwoNeighbouringRequests() {
        RequestQueue q = queue(new DeadlineElevator(), QueueConfig.DEFAULT);
        q.submitBio(task, write(900_000, 8));
        q.submitBio(task, write(1000, 8));
        q.submitBio(task, write(1016, 8));
        assertThat(q.allocatedRequests(false)).isEqualTo(3);
        q.submitBio(task, write(1008, 8)); // back merge into 1000, then 1000+16 meets 1016: attempt_merge
        assertThat(q.allocatedRequests(false)).as("the absorbed request went back to the pool").isEqualTo(2);
        loop.run();

        assertThat(q.stats().requestMerges()).isEqualTo(1);
        assertThat(log.dispatchedExtents()).containsExactly("900000+8", "1000+24");
        assertThat(ended).containsExactly("900000@1000000", "1000@2000000", "1008@2000000", "1016@2000000");
    }

    @Test
    void readsAndWritesDoNotMerge() {
        RequestQueue q = queue(new NoopElevator(), QueueConfig.DEFAULT);
        q.submitBio(task, write(900_000, 8));
        q.submitBio(task, write(1000, 8));
        Bio read = write(1008, 8);
        read.op = Operation.READ;
        q.submitBio(task, read);
        loop.run();
        assertThat(q.stats().requests()).isEqualTo(3);
        assertThat(q.stats().backMerges()).isZero();
    }

    @Test
    void requestCarriesOriginAndPidOfItsFirstBioAndCountsMergedBios() {
        RequestQueue q = queue(new NoopElevator(), QueueConfig.DEFAULT);
        TestTask reclaimer = new TestTask(loop, "kswapd0", 7);
        List<Request> seen = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        q.addListener(new DispatchListener() {
            @Override
            public void onDispatch(long nowNs, Request rq) {
                seen.add(rq);
                facts.add(rq.origin() + " " + rq.pid() + " " + rq.mergedBios());
            }
        });
        q.submitBio(task, write(900_000, 8));
        Bio first = write(1000, 8);
        first.origin = IoOrigin.RECLAIM;
        q.submitBio(reclaimer, first);
        q.submitBio(task, write(1008, 8));
        q.submitBio(task, write(1016, 8));
        loop.run();
        assertThat(facts).containsExactly("FLUSHER_BACKGROUND 42 0", "RECLAIM 7 2");
    }
}
