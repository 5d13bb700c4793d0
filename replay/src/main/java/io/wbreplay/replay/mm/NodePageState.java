package io.wbreplay.replay.mm;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * mm/vmstat.c: one node counter as the kernel keeps it, a global value plus a delta per CPU.
 * __mod_node_page_state() adds to the running CPU's delta and folds it into the global value only when
 * it passes the CPU's stat_threshold (calculate_normal_threshold(): 2 x fls(CPUs) x (1 + fls(the
 * zone's managed memory in 128 MiB)), at most 125; a node's the largest of its zones'); vmstat_update()
 * folds every CPU's delta each second (sysctl_stat_interval). node_page_state() reads the global value
 * only, never below 0. So a count changing by less than the threshold on one CPU and back again is
 * never seen by another reader: on the recordings' 2-CPU, 24 GiB machine (threshold 36) one
 * reclaimer's batch of SWAP_CLUSTER_MAX (32) isolated pages. The model runs no scheduler, so each
 * task's changes go to a delta of its own, as if it had a CPU to itself: a task seldom gives up its
 * CPU to another reclaimer halfway through a batch, which is when two batches would meet in one delta.
 * The deltas fold together at each whole second of the run (the kernel's per-CPU works drift apart).
 */
public final class NodePageState {
    /** sysctl_stat_interval: HZ, one second. */
    static final long STAT_INTERVAL_NS = 1_000_000_000L;
    /** The largest stat_threshold (calculate_normal_threshold()). */
    static final int MAX_THRESHOLD = 125;

    private final int threshold;
    /** The deltas not folded yet, by owner (only those not 0: a run's exited tasks leave nothing behind). */
    private final Map<Object, int[]> deltas = new IdentityHashMap<>();
    private long global;
    private long foldedInterval;

    /** A counter of a node with {@code cpus} CPUs whose zones manage {@code zonePages} pages each. */
    public NodePageState(int cpus, long[] zonePages) {
        int t = 0;
        for (long pages : zonePages) {
            t = Math.max(t, normalThreshold(cpus, pages));
        }
        this.threshold = t;
    }

    /** calculate_normal_threshold() of a zone of {@code managedPages} 4 KiB pages on {@code cpus} CPUs. */
    static int normalThreshold(int cpus, long managedPages) {
        long mem = managedPages >> (27 - Zone.PAGE_SHIFT); // 128 MiB units
        return (int) Math.min(MAX_THRESHOLD, 2L * fls(cpus) * (1 + fls(mem)));
    }

    /** fls(): the 1-based position of the highest bit set, 0 for 0. */
    static int fls(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    int threshold() {
        return threshold;
    }

    /** __mod_node_page_state() at {@code nowNs} by {@code owner}, whose delta is its own (its CPU's). */
    public void mod(Object owner, int n, long nowNs) {
        foldIfDue(nowNs);
        int[] d = deltas.get(owner);
        int x = (d == null ? 0 : d[0]) + n;
        if (Math.abs(x) > threshold) {
            global += x;
            x = 0;
        }
        if (x == 0) {
            deltas.remove(owner);
        } else if (d == null) {
            deltas.put(owner, new int[] {x});
        } else {
            d[0] = x;
        }
    }

    /** node_page_state(): the folded value, 0 when the CPUs' deltas leave it below. */
    public long read(long nowNs) {
        foldIfDue(nowNs);
        return Math.max(0, global);
    }

    /** vmstat_update() of every CPU at each whole second since the last change or read. */
    private void foldIfDue(long nowNs) {
        long interval = nowNs / STAT_INTERVAL_NS;
        if (interval > foldedInterval) {
            for (int[] d : deltas.values()) {
                global += d[0];
            }
            deltas.clear();
            foldedInterval = interval;
        }
    }
}
