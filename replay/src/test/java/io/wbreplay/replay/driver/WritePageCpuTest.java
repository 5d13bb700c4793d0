package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.ListTraceReader;
import io.wbreplay.replay.RealQueue;
import io.wbreplay.replay.metrics.DispatchSink;
import io.wbreplay.replay.sim.IoOrigin;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/**
 * --write-page-ns: each page generic_perform_write() copies costs the writer that much CPU time. On an
 * otherwise idle model (1 GiB, far below the background threshold: no writeback, no throttling, no
 * reclaim) a closed-loop writer of N pages followed by a read of an uncached page dispatches that read
 * exactly N x X later than with writing free; the read is the only I/O, so nothing else moves.
 */
class WritePageCpuTest {
    private static final int PAGES = 100;
    private static final long PAGE_NS = 10_000;

    /** When the read after the write was dispatched (ns of simulated time). */
    private static long readDispatchNs(long writePageNs, boolean btrfs) throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = 1L << 30;
        c.writePageNs = writePageNs;
        if (btrfs) {
            c.fsDelallocAscending = true; // btrfs-like: __btrfs_buffered_write()
        }
        ListTraceReader t = new ListTraceReader();
        t.fileOp(0, 7, Operation.WRITE, 1, 0, PAGES * 4096L); // one write(2) of 100 pages
        t.fileOp(0, 7, Operation.READ, 2, 0, 4096);
        ReplayOptions o = new ReplayOptions();
        o.closedLoop = true;
        long[] read = {-1};
        new Replayer(c, o, RealQueue.hddDeadline()).withDispatchSink(new DispatchSink() {
            @Override
            public void dispatch(long nowNs, int device, Operation op, long sector, int bytes, int pid, IoOrigin origin) {
                if (op == Operation.READ) {
                    read[0] = nowNs;
                }
            }

            @Override
            public void complete(long nowNs, int device, Operation op, long sector, int bytes, long dispatchNs) {
            }
        }).run(t, false);
        assertThat(read[0]).isNotNegative();
        return read[0];
    }

    @Test
    void eachCopiedPageCostsTheWriterItsCpuTime() throws Exception {
        assertThat(readDispatchNs(PAGE_NS, false) - readDispatchNs(0, false)).isEqualTo(PAGES * PAGE_NS); // 1 ms
    }

    @Test
    void btrfsChunksCostTheSamePerPage() throws Exception {
        assertThat(readDispatchNs(PAGE_NS, true) - readDispatchNs(0, true)).isEqualTo(PAGES * PAGE_NS);
    }
}
