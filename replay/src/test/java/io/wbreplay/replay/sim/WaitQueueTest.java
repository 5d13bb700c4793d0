package io.wbreplay.replay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitQueueTest {
    /** A task that sleeps on whatever queue it is told to, and counts its runs. */
    private static final class Sleeper extends Task {
        WaitQueue next;
        int runs;

        Sleeper(EventLoop loop, String name) {
            super(loop, name, 1);
        }

        @Override
        protected void run(long nowNs) {
            runs++;
            if (next != null) {
                sleepOn(next, null);
            }
        }
    }

    @Test
    void wakesInTheOrderTasksStartedWaiting() {
        EventLoop loop = new EventLoop();
        WaitQueue q = new WaitQueue("q");
        List<String> order = new ArrayList<>();
        for (String name : new String[] {"a", "b", "c"}) {
            Task t = new Task(loop, name, 1) {
                private boolean slept;

                @Override
                protected void run(long nowNs) {
                    if (!slept) {
                        slept = true;
                        sleepOn(q, null);
                    } else {
                        order.add(name());
                    }
                }
            };
            t.start();
        }
        loop.run();
        assertThat(q.size()).isEqualTo(3);
        q.wakeOne();
        q.wakeAll();
        loop.run();
        assertThat(order).containsExactly("a", "b", "c");
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void wakeUpOfAWaitingTaskTakesItOffItsQueue() {
        EventLoop loop = new EventLoop();
        WaitQueue first = new WaitQueue("first");
        WaitQueue second = new WaitQueue("second");
        Sleeper s = new Sleeper(loop, "s");
        Sleeper other = new Sleeper(loop, "other");
        s.next = first;
        other.next = first;
        s.start();
        other.start();
        loop.run();
        assertThat(first.size()).isEqualTo(2);

        s.next = second;
        s.wakeUp(); // wake_up_process(): s runs and now waits on the second queue
        loop.run();
        assertThat(s.waitingOn()).isSameAs(second);
        assertThat(first.size()).isEqualTo(1);
        // a stale entry of s on the first queue would take this wake-up and leave "other" asleep
        other.next = null;
        first.wakeOne();
        loop.run();
        assertThat(other.runs).isEqualTo(2);
        assertThat(s.runs).isEqualTo(2);
        assertThat(s.waitingOn()).isSameAs(second);
        assertThat(first.waiters()).doesNotContain(s);
        assertThat(second.waiters()).containsExactly(s);
    }
}
