package io.wbreplay.replay.mm;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * mm/page_alloc.c struct per_cpu_pages (pcp->high auto-tuned, 6.7+): each CPU keeps a list of order-0
 * frames per zone outside the buddy allocator, so they do not count in NR_FREE_PAGES, which every
 * watermark reads. rmqueue_pcplist() refills an empty list from the buddy in batches that double while a
 * CPU only allocates (nr_pcp_alloc(): up to batch << 5, 2,016 pages); free_unref_page_commit() puts a
 * freed frame on the freeing CPU's list and gives the coldest back in bulk once the list reaches its
 * high mark (nr_pcp_high()): low watermark / CPUs while the zone is below its high watermark
 * (ZONE_BELOW_HIGH), 4 x batch while kswapd reclaims it (ZONE_RECLAIM_ACTIVE).
 * Each second (vmstat_update(), sysctl_stat_interval) decay_pcp_high() lowers a high raised above
 * high_min by an eighth and gives back what a list holds above it.
 * Simplification: only order-0 frames (6.18 also keeps orders 1-3 on lists of their own; the model frees
 * a large folio frame by frame, to the buddy), one list per zone and CPU (the kernel's per migratetype
 * holds page cache on MIGRATE_MOVABLE alone); the decay comes with the first list operation of each
 * second (every CPU's vmstat work at once).
 */
public final class PerCpuPages {
    /** CONFIG_PCP_BATCH_SCALE_MAX. */
    static final int BATCH_SCALE_MAX = 5;
    /** sysctl_stat_interval: vmstat_update() once a second. */
    private static final long NS_PER_S = 1_000_000_000L;
    private final Pages pages;
    private final Zone[] zones;
    private final int cpus;
    private final IntSupplier cpu;
    private final LongSupplier nowNs;
    /** The whole seconds of the run whose decay_pcp_high() has been applied, and when the next is due. */
    private long decayedSeconds;
    private long nextDecayNs = NS_PER_S;
    private final int[] batch;
    private final int[] highMin;
    private final int[] highMax;
    private final boolean[] belowHigh;
    private final boolean[] reclaimActive;
    /** Per zone and CPU (index zone x cpus + cpu): a ring of frames, its head and length, and pcp's fields. */
    private final int[][] ring;
    private final int[] head;
    private final int[] count;
    private final int[] high;
    private final int[] freeCount;
    private final int[] allocFactor;

    /** The lists of {@code zones} on {@code cpus} CPUs; {@code cpu} tells the running task's CPU, {@code nowNs} the time. */
    public PerCpuPages(Pages pages, Zone[] zones, int cpus, IntSupplier cpu, LongSupplier nowNs) {
        this.pages = pages;
        this.zones = zones;
        this.cpus = cpus;
        this.cpu = cpu;
        this.nowNs = nowNs;
        int n = zones.length;
        batch = new int[n];
        highMin = new int[n];
        highMax = new int[n];
        for (int z = 0; z < n; z++) {
            batch[z] = Math.max(1, zoneBatchsize(zones[z].totalPages()));
            highMin[z] = zoneHighsize(zones[z].lowWmark(), batch[z], cpus);
            highMax[z] = zoneHighsize(zones[z].totalPages() / 8, batch[z], cpus);
        }
        belowHigh = new boolean[n];
        reclaimActive = new boolean[n];
        ring = new int[n * cpus][];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new int[1024];
        }
        head = new int[n * cpus];
        count = new int[n * cpus];
        high = new int[n * cpus];
        freeCount = new int[n * cpus];
        allocFactor = new int[n * cpus];
    }

    /**
     * zone_batchsize(): about 0.1 % of the zone, at most 1 MB, divided by 4 and clamped to 2^n - 1 (63
     * for a zone of 1 GiB or more); zone_set_pageset_high_and_batch() makes it at least 1.
     */
    static int zoneBatchsize(long managedPages) {
        int b = (int) Math.min(managedPages >> 10, 256) / 4;
        b = Math.max(b, 1);
        return Integer.highestOneBit(b + b / 2) - 1;
    }

    /**
     * zone_highsize(): {@code totalPages} (the low watermark for high_min, a zone's eighth for high_max)
     * split over the node's CPUs, at least 4 x batch.
     */
    static int zoneHighsize(long totalPages, int batch, int cpus) {
        return (int) Math.max(totalPages / cpus, (long) batch << 2);
    }

    /** The batch of zone {@code z}'s lists. */
    public int batch(int z) {
        return batch[z];
    }

    /** pcp->high_min of zone {@code z}. */
    public int highMin(int z) {
        return highMin[z];
    }

    /** Frames on the lists of zone {@code z}, all CPUs. */
    public int count(int z) {
        int n = 0;
        for (int c = 0; c < cpus; c++) {
            n += count[z * cpus + c];
        }
        return n;
    }

    /** set_reclaim_active() / clear_reclaim_active() for the zones up to {@code highestZoneidx}. */
    public void setReclaimActive(int highestZoneidx, boolean active) {
        for (int z = 0; z <= highestZoneidx && z < zones.length; z++) {
            reclaimActive[z] = active;
        }
    }

    /**
     * get_page_from_freelist()'s test of a zone it tries: below its high watermark (with the lowmem_reserve
     * of the highest zone, ZONE_MOVABLE's) it is ZONE_BELOW_HIGH until a bulk free lifts it again.
     */
    public void checkBelowHigh(int z) {
        if (!belowHigh[z] && !aboveHighWmark(z)) {
            belowHigh[z] = true;
        }
    }

    /** zone_watermark_ok() at the high watermark with ZONE_MOVABLE's lowmem_reserve: what sets and clears ZONE_BELOW_HIGH. */
    private boolean aboveHighWmark(int z) {
        return zones[z].watermarkOk(zones[z].highWmark(), zones.length - 1);
    }

    /** rmqueue_pcplist(): an order-0 frame of zone {@code z} from the running CPU's list, NIL if the zone has none. */
    int alloc(int z) {
        decayIfDue();
        int i = z * cpus + cpu.getAsInt();
        freeCount[i] >>= 1;
        if (count[i] == 0) { // rmqueue_bulk(): the batch from the buddy, in the order it hands them out
            int n = nrPcpAlloc(i, z);
            grow(i, n);
            int[] r = ring[i];
            for (int k = 0; k < n; k++) {
                int id = pages.allocBuddy(z);
                if (id == Pages.NIL) {
                    break;
                }
                r[(head[i] + count[i]++) & (r.length - 1)] = id;
            }
            if (count[i] == 0) {
                return Pages.NIL;
            }
        }
        int[] r = ring[i];
        int id = r[head[i]];
        head[i] = (head[i] + 1) & (r.length - 1);
        count[i]--;
        return id;
    }

    /** nr_pcp_alloc() for order 0: the batch, doubled after each refill without a free between, within high. */
    private int nrPcpAlloc(int i, int z) {
        int base = batch[z];
        int hi = high[i] = clamp(high[i], highMin[z], highMax[z]);
        if (hi < base) {
            return 1;
        }
        int b = base << allocFactor[i];
        if (highMin[z] != highMax[z] && !belowHigh[z]) {
            hi = high[i] = Math.min(hi + b, highMax[z]); // a larger list would have saved going to the zone
        }
        int maxNrAlloc = Math.max(hi - count[i] - base, base);
        if (b <= maxNrAlloc && allocFactor[i] < BATCH_SCALE_MAX) {
            allocFactor[i]++;
        }
        b = Math.min(b, maxNrAlloc);
        return b > 1 ? Math.max(b, 2) : b;
    }

    /** free_unref_page_commit(): a freed order-0 frame of zone {@code z} onto the running CPU's list. */
    void free(int z, int id) {
        decayIfDue();
        int i = z * cpus + cpu.getAsInt();
        allocFactor[i] >>= 1;
        grow(i, count[i] + 1);
        int[] r = ring[i];
        head[i] = (head[i] - 1) & (r.length - 1);
        r[head[i]] = id;
        count[i]++;
        int b = batch[z];
        if (freeCount[i] < (b << BATCH_SCALE_MAX)) {
            freeCount[i]++;
        }
        int hi = nrPcpHigh(i, z, b);
        if (count[i] >= hi) {
            freePcppagesBulk(i, z, nrPcpFree(i, b, hi));
            if (belowHigh[z] && aboveHighWmark(z)) {
                belowHigh[z] = false;
            }
        }
    }

    /** nr_pcp_high(): the count at which a free gives frames back, adjusting pcp->high on the way. */
    private int nrPcpHigh(int i, int z, int b) {
        int hi = high[i] = clamp(high[i], highMin[z], highMax[z]);
        if (hi == 0) {
            return 0;
        }
        if (reclaimActive[z]) { // limit what reclaim's frees leave on the lists
            high[i] = Math.max(hi - Math.max(freeCount[i], b), highMin[z]);
            return Math.min(b << 2, high[i]);
        }
        if (highMin[z] == highMax[z]) {
            return hi;
        }
        if (belowHigh[z]) {
            high[i] = Math.max(hi - Math.max(freeCount[i], b), highMin[z]);
            return Math.max(count[i], highMin[z]);
        }
        if (count[i] >= hi && high[i] < freeCount[i] + b) {
            high[i] = clamp(freeCount[i] + b, highMin[z], highMax[z]);
        }
        return hi;
    }

    /** nr_pcp_free(): the frees in a row, leaving at least a batch on the list. */
    private int nrPcpFree(int i, int b, int hi) {
        return hi < b ? 1 : clamp(freeCount[i], b, hi - b);
    }

    /** free_pcppages_bulk(): the {@code n} coldest frames (the list's tail) back to the buddy allocator. */
    private void freePcppagesBulk(int i, int z, int n) {
        int[] r = ring[i];
        for (int k = Math.min(n, count[i]); k > 0; k--) {
            count[i]--;
            pages.freeBuddy(z, r[(head[i] + count[i]) & (r.length - 1)]);
        }
    }

    /** vmstat_update()'s decay_pcp_high() for every list, once for each whole second gone by (at most 64: by then every high is at high_min). */
    private void decayIfDue() {
        long now = nowNs.getAsLong();
        if (now < nextDecayNs) {
            return;
        }
        long seconds = now / NS_PER_S;
        for (long n = Math.min(seconds - decayedSeconds, 64); n > 0; n--) {
            for (int i = 0; i < count.length; i++) {
                decayPcpHigh(i, i / cpus);
            }
        }
        decayedSeconds = seconds;
        nextDecayNs = (seconds + 1) * NS_PER_S;
    }

    /** decay_pcp_high(): a high above high_min down by an eighth (not below count - batch << 5), the list down to it. */
    private void decayPcpHigh(int i, int z) {
        if (high[i] > highMin[z]) {
            high[i] = Math.max(Math.max(count[i] - (batch[z] << BATCH_SCALE_MAX), high[i] - (high[i] >> 3)), highMin[z]);
        }
        if (count[i] > high[i]) {
            freePcppagesBulk(i, z, count[i] - high[i]);
        }
    }

    /** drain_local_pages(zone): the running CPU's list of zone {@code z} back to the buddy allocator. */
    public void drainLocalPages(int z) {
        int i = z * cpus + cpu.getAsInt();
        freePcppagesBulk(i, z, count[i]);
    }

    /** drain_all_pages(NULL): every CPU's lists back to the buddy allocator. */
    public void drainAllPages() {
        for (int i = 0; i < count.length; i++) {
            freePcppagesBulk(i, i / cpus, count[i]);
        }
    }

    private void grow(int i, int need) {
        int[] r = ring[i];
        if (need <= r.length) {
            return;
        }
        int[] bigger = new int[Integer.highestOneBit(need - 1) << 1];
        for (int k = 0; k < count[i]; k++) {
            bigger[k] = r[(head[i] + k) & (r.length - 1)];
        }
        ring[i] = bigger;
        head[i] = 0;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
