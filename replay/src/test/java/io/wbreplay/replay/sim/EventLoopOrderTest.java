package io.wbreplay.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Events fire in (time, scheduling order), whether they wait in the heap or in the same-instant ring. */
class EventLoopOrderTest {
    @Test
    void sameInstantEventsFireAfterEarlierScheduledOnesOfThatInstant() {
        EventLoop loop = new EventLoop();
        List<String> fired = new ArrayList<>();
        // scheduled at 0 for t=10: A, B (heap); when A fires at 10 it schedules C and D at 10 (now)
        loop.at(10, now -> {
            fired.add("A");
            loop.at(now, t -> fired.add("C"));
            loop.at(now, t -> {
                fired.add("D");
                loop.at(t, u -> fired.add("F"));
            });
        });
        loop.at(10, now -> fired.add("B"));
        loop.at(11, now -> fired.add("G"));
        loop.at(0, now -> fired.add("first"));
        loop.run();
        // by (time, sequence): first(0); at 10: A, B (scheduled at time 0), then C, D, F in order
        assertThat(fired).containsExactly("first", "A", "B", "C", "D", "F", "G");
        assertThat(loop.now()).isEqualTo(11);
        assertThat(loop.fired()).isEqualTo(7);
    }

    @Test
    void runUntilFiresTheCurrentInstantAndStopsBeforeLaterEvents() {
        EventLoop loop = new EventLoop();
        List<Long> fired = new ArrayList<>();
        loop.at(5, now -> loop.at(now, fired::add));
        loop.at(6, fired::add);
        loop.runUntil(5);
        assertThat(fired).containsExactly(5L);
        assertThat(loop.pending()).isEqualTo(1);
        assertThat(loop.nextTime()).isEqualTo(6);
    }

    /** Many events, times with ties, scheduled from events as they fire: (time, scheduling order) throughout. */
    @Test
    void randomSchedulesFireInTimeThenSchedulingOrder() {
        EventLoop loop = new EventLoop();
        SplittableRandom r = new SplittableRandom(7);
        List<long[]> fired = new ArrayList<>();
        long[] scheduled = {0};
        class Scheduler {
            void schedule(long at) {
                long order = scheduled[0]++;
                loop.at(at, now -> {
                    fired.add(new long[] {now, order});
                    for (int k = r.nextInt(3); k > 0 && scheduled[0] < 20_000; k--) {
                        schedule(now + (r.nextBoolean() ? 0 : r.nextInt(50)));
                    }
                });
            }
        }
        Scheduler s = new Scheduler();
        for (int i = 0; i < 200; i++) {
            s.schedule(r.nextInt(1000));
        }
        loop.run();
        assertThat(fired).hasSize((int) scheduled[0]);
        for (int i = 1; i < fired.size(); i++) {
            long[] a = fired.get(i - 1);
            long[] b = fired.get(i);
            assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])).as("event %d after %d", b[1], a[1]).isTrue();
        }
    }
}
