package io.wbreplay.replay.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.replay.CoreConfig;
import io.wbreplay.replay.Kernel;
import io.wbreplay.replay.ListTraceReader;
import io.wbreplay.replay.RealQueue;
import io.wbreplay.replay.mm.VmItem;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

/**
 * --other-refaults: the other tasks' reads are due at i / rate seconds from 0 while the workload runs.
 * A workload of two 4 KiB writes at 0 and 1.0005 s (open loop) runs 1.0005 s; at 1,000 reads a second
 * the reads due at 0, 1, ..., 1000 ms are made: 1,001. With memory to spare nothing is evicted, so every
 * read finds its page cached (no refault); under pressure they read back evicted pages.
 */
class OtherTasksPumpTest {
    private static Kernel run(long memory, long initialInactive, long writeBytes) throws Exception {
        CoreConfig c = new CoreConfig();
        c.memoryBytes = memory;
        c.initialInactiveBytes = initialInactive;
        c.otherRefaultsPerS = 1000;
        c.otherTasks = 4;
        ListTraceReader t = new ListTraceReader();
        t.fileOp(0, 7, Operation.WRITE, 1, 0, writeBytes);
        t.fileOp(1_000_500_000L, 7, Operation.WRITE, 2, 0, 4096);
        ReplayOptions o = new ReplayOptions();
        return new Replayer(c, o, RealQueue.hddDeadline()).run(t, false).kernel();
    }

    @Test
    void dueTimes() {
        assertThat(OtherTasksPump.dueNs(0, 1000)).isZero();
        assertThat(OtherTasksPump.dueNs(3, 1000)).isEqualTo(3_000_000L);
        assertThat(OtherTasksPump.dueNs(1, 3)).isEqualTo(333_333_333L);
    }

    @Test
    void theReadsArriveAtTheGivenRate() throws Exception {
        Kernel k = run(1L << 30, 4096 * 100, 4096);
        assertThat(k.vmstat.get(VmItem.OTHER_READS_WITHOUT_REFAULT)).isEqualTo(1001);
        assertThat(k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE)).isZero();
    }

    @Test
    void underPressureTheyReadBackEvictedPages() throws Exception {
        // 32 MiB nearly full of the other tasks' cache; the workload writes 24 MiB at once
        Kernel k = run(32L << 20, 24L << 20, 24L << 20);
        long refaults = k.vmstat.get(VmItem.WORKINGSET_REFAULT_FILE);
        assertThat(refaults).isPositive();
        assertThat(refaults + k.vmstat.get(VmItem.OTHER_READS_WITHOUT_REFAULT)).isEqualTo(1001);
        assertThat(k.vmstat.get(VmItem.PGPGIN)).isEqualTo(4 * refaults); // no device read: 4 KiB each in pgpgin
    }
}
