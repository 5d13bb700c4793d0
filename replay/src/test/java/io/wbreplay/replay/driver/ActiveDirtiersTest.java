package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.RealQueue;
import io.wbreplay.replay.metrics.DispatchSink;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.replay.ListTraceReader;
import io.wbreplay.traces.Operation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * balance_dirty_pages() divides the write bandwidth among the tasks that dirtied pages in the last
 * second (dirty_ratelimit / active dirtiers): identical writers get identical pauses, however many
 * there are and whichever started first.
 */
class ActiveDirtiersTest {
    private static final int WRITERS = 40; // more than the 16 slots the writer table starts with
    private static final int FIRST_PID = 100;

    @Test
    void everyWriterCountsEveryOtherAmongTheActiveDirtiers() throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 64L << 20; // dirty limit about 20 % of 16384 pages: far below 40 x 4 MiB
        c.reclaimScanNs = 0L; // reclaim takes no time: only balance_dirty_pages() paces the writers
        ListTraceReader t = new ListTraceReader();
        for (int page = 0; page < 1024; page++) { // a page each every 100 us, in turn: none ahead of another
            for (int w = 0; w < WRITERS; w++) {
                t.fileOp(page * 100_000L, FIRST_PID + w, Operation.WRITE, w, page * 4096L, 4096);
            }
        }
        for (int w = 0; w < WRITERS; w++) { // then each reads one uncached page: the read's dispatch marks its end
            t.fileOp(1024 * 100_000L, FIRST_PID + w, Operation.READ, 1000 + w, 0, 4096);
        }
        Map<Integer, Long> doneNs = new HashMap<>();
        new Replayer(c, new ReplayOptions(), RealQueue.hddDeadline()).withDispatchSink(new DispatchSink() {
            @Override
            public void dispatch(long nowNs, int device, Operation op, long sector, int bytes, int pid, IoOrigin origin) {
                if (op == Operation.READ) {
                    doneNs.put(pid, nowNs);
                }
            }

            @Override
            public void complete(long nowNs, int device, Operation op, long sector, int bytes, long dispatchNs) {
            }
        }).run(t, false);
        assertThat(doneNs).hasSize(WRITERS);
        // the same pages dirtied at the same times: on average the first 16 writers finish when the others
        // do (counting only themselves, 16 instead of 40, they took 2.5x the others' share and finished
        // 16 % earlier)
        double first = 0;
        double later = 0;
        for (int w = 0; w < WRITERS; w++) {
            if (w < 16) {
                first += doneNs.get(FIRST_PID + w) / 16.0;
            } else {
                later += doneNs.get(FIRST_PID + w) / (double) (WRITERS - 16);
            }
        }
        assertThat(first / later).isBetween(0.9, 1.1);
    }
}
