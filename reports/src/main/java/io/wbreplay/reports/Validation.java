package io.wbreplay.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * {@code wbreplay validate}: a recording of the real kernel ({@link Recording}) next to the model's
 * replay of the same workload (a run directory), metric by metric: real, model, model/real and
 * whether the model is within a factor of two. A metric the recording lacks is missing, not 0; one
 * the model does not count (a throttling reason it has no cause for) is "not modelled".
 */
public final class Validation {
    /** One metric: real and model values, either null when absent. */
    public record Row(String name, Double real, Double model, String realNote, String modelNote) {
        /** model/real; null when either is absent or real is 0 (then {@link #within2x} decides alone). */
        public Double ratio() {
            return real == null || model == null || real == 0 ? null : model / real;
        }

        /** Within a factor of two (both 0 counts); null when either side is absent. */
        public Boolean within2x() {
            if (real == null || model == null) {
                return null;
            }
            if (real == 0 || model == 0) {
                return real == 0 && model == 0;
            }
            double r = model / real;
            return r >= 0.5 && r <= 2;
        }
    }

    private static final String[] REASONS = {"WRITEBACK", "CONGESTED", "NOPROGRESS", "ISOLATED"};

    private final Recording recording;
    private final List<Row> rows = new ArrayList<>();
    private BlockMetrics realBlock;
    private BlockMetrics modelBlock;
    /** Dirty pages at each 100 ms sample of the model over the real run, {time_s, pages}: the chart's two lines. */
    private final List<double[]> realDirty = new ArrayList<>();
    private final List<double[]> modelDirty = new ArrayList<>();
    private final List<double[]> realLru = new ArrayList<>();
    private final List<double[]> modelLru = new ArrayList<>();
    /** The Normal zone over the run, {time_s, pages}: free and the min watermark with its boost, each side. */
    private final List<double[]> realZoneFree = new ArrayList<>();
    private final List<double[]> realZoneMin = new ArrayList<>();
    private final List<double[]> modelZoneFree = new ArrayList<>();
    private final List<double[]> modelZoneMin = new ArrayList<>();

    private Validation(Recording recording) {
        this.recording = recording;
    }

    /** The rows for {@code recording} and the model's run directory {@code model}. */
    public static Validation of(Recording recording, RunDirectory model) throws IOException {
        return of(recording, model, recording.blockMetrics(), modelBlockMetrics(model));
    }

    /**
     * The rows, given the block metrics of both sides (the recording's, null when it has no block
     * events, and the model's dispatch log's, null when the run kept none).
     */
    public static Validation of(Recording recording, RunDirectory model, BlockMetrics real, BlockMetrics sim) throws IOException {
        Validation v = new Validation(recording);
        v.build(model.withCountersAtTraceEnd()); // the recording's vmstat delta ends when its workload exits
        v.block(real, sim);
        v.dirtyOverTime(model);
        v.lruOverTime(model);
        v.normalZoneOverTime(model);
        return v;
    }

    /**
     * The block metrics of a run directory's dispatch log (qdc or all) up to the workload's end (the
     * recording ends at its exit; the model goes on to write back what is left), or null if it kept none.
     */
    public static BlockMetrics modelBlockMetrics(RunDirectory model) throws IOException {
        Path log = model.dir().resolve(io.wbreplay.replay.driver.ReplayRun.DISPATCH_LOG + ".blktrace.0");
        if (!Files.exists(log)) {
            return null;
        }
        Double runtime = runtimeSeconds(model);
        try (io.wbreplay.traces.TraceReader r = io.wbreplay.traces.formats.TraceFormats.open(log, "blktrace",
                io.wbreplay.traces.ReadOptions.STRICT)) {
            return BlockMetrics.read(r, log.toString(), runtime == null ? Long.MAX_VALUE : Math.round(runtime * 1e9));
        }
    }

    private static Double value(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Write dispatches, request sizes, D2D seeks, Q2C and D2C: real from the recorded block events, model from its dispatch log. */
    private void block(BlockMetrics real, BlockMetrics sim) throws IOException {
        realBlock = real;
        modelBlock = sim;
        // record-reclaim.sh's summary counts the issued writes and their MB (to 0.1 MB) though it keeps no events
        Double issued = recording.number("/trace/loop_requests/write_issued");
        Double issuedMb = recording.number("/trace/loop_requests/write_mb");
        Double summaryMean = issued == null || issuedMb == null || issued == 0 ? null : issuedMb * 1e6 / issued / 1024;
        rows.add(new Row("write dispatches (block_rq_issue W)", real == null ? issued : (Double) (double) real.writeDispatches(),
                sim == null ? null : (double) sim.writeDispatches(), null, null));
        rows.add(new Row("write request size median (KiB)", real == null ? null : value(real.writeSizeMedian() / 1024),
                sim == null ? null : value(sim.writeSizeMedian() / 1024), null, null));
        rows.add(new Row("write request size mean (KiB)", real == null ? summaryMean : value(real.writeSizeMean() / 1024),
                sim == null ? null : value(sim.writeSizeMean() / 1024), null, null));
        rows.add(new Row("write request sizes: KS distance real-model", null,
                real == null || sim == null ? null : value(BlockMetrics.ksDistance(real.writeSizes(), sim.writeSizes())),
                real == null ? "missing" : "-", null));
        rows.add(new Row("D2D seek median (sectors, btt)", real == null || real.d2d().nseeks() == 0 ? null : (double) real.d2d().median(),
                sim == null || sim.d2d().nseeks() == 0 ? null : (double) sim.d2d().median(), null, null));
        rows.add(new Row("D2D seek mean (sectors, btt)", real == null || real.d2d().nseeks() == 0 ? null : real.d2d().mean(),
                sim == null || sim.d2d().nseeks() == 0 ? null : sim.d2d().mean(), null, null));
        rows.add(new Row("Q2Q seek median (sectors, btt)", real == null || real.q2q().nseeks() == 0 ? null : (double) real.q2q().median(),
                sim == null || sim.q2q().nseeks() == 0 ? null : (double) sim.q2q().median(), null, null));
        rows.add(new Row("Q2Q seek mean (sectors, btt)", real == null || real.q2q().nseeks() == 0 ? null : real.q2q().mean(),
                sim == null || sim.q2q().nseeks() == 0 ? null : sim.q2q().mean(), null, null));
        rows.add(new Row("Q2C mean (ms)", real == null ? null : value(BlockMetrics.meanSeconds(real.q2c()) * 1e3),
                sim == null ? null : value(BlockMetrics.meanSeconds(sim.q2c()) * 1e3), null, null));
        rows.add(new Row("D2C mean (ms)", real == null ? null : value(BlockMetrics.meanSeconds(real.d2c()) * 1e3),
                sim == null ? null : value(BlockMetrics.meanSeconds(sim.d2c()) * 1e3), null, null));
        rows.add(new Row("D2C median (ms)", real == null ? null : value(BlockMetrics.medianSeconds(real.d2c()) * 1e3),
                sim == null ? null : value(BlockMetrics.medianSeconds(sim.d2c()) * 1e3), null, null));
        releases(real, sim);
    }

    /**
     * blk-throttle's releases (write issues under 1 ms apart): real from the recorded block events, or
     * from summarize.py's {@code trace.loop_requests.write_releases} of a recording that kept only its summary.
     */
    private void releases(BlockMetrics real, BlockMetrics sim) throws IOException {
        String p = "/trace/loop_requests/write_releases/";
        WriteReleases r = real == null ? null : real.writeReleases();
        WriteReleases m = sim == null ? null : sim.writeReleases();
        rows.add(new Row("write releases (issues under 1 ms apart)", r != null ? (Double) (double) r.count() : recording.number(p + "count"),
                m == null ? null : (double) m.count(), null, null));
        rows.add(new Row("release interval median (ms)", r != null ? value(r.intervalMs(50)) : recording.number(p + "interval_ms_p10_p50_p90/1"),
                m == null ? null : value(m.intervalMs(50)), null, null));
        rows.add(new Row("release bytes median (KiB)", r != null ? value(r.bytesMedian() / 1024) : kib(recording.number(p + "bytes_median")),
                m == null ? null : value(m.bytesMedian() / 1024), null, null));
        rows.add(new Row("release to its last completion, median (ms)", r != null ? value(r.latencyMs(50)) : recording.number(p + "latency_ms_p10_p50_p90/1"),
                m == null ? null : value(m.latencyMs(50)), null, null));
    }

    private static Double kib(Double bytes) {
        return bytes == null ? null : bytes / 1024;
    }

    /**
     * Dirty pages over the command's run: at each 100 ms sample of the model, the real value is the
     * latest global_dirty_state before it (the first one before any). Rows: the mean of each side, and
     * the error sum |model - real| / sum real (the mean absolute error relative to the mean real value).
     */
    private void dirtyOverTime(RunDirectory m) throws IOException {
        List<long[]> real = recording.dirtySeries();
        Double runtime = recording.number("/fio/runtime_s");
        TimeSeries ts = m.timeSeries();
        if (real == null || real.isEmpty() || runtime == null || ts.rows() == 0) {
            rows.add(new Row("dirty pages over the run, mean", null, null, real != null && real.isEmpty() ? "no samples" : null, null));
            rows.add(new Row("dirty over time: sum|model-real| / sum real", null, null, "-", real != null && real.isEmpty() ? "no samples" : null));
            return;
        }
        double[] t = ts.column("time_s");
        double[] dirty = ts.column("dirty_pages");
        double sumReal = 0;
        double sumModel = 0;
        double sumAbs = 0;
        int n = 0;
        int j = 0;
        for (double at = 0.1; at <= runtime + 1e-9; at += 0.1) {
            long atNs = Math.round(at * 1e9);
            while (j + 1 < real.size() && real.get(j + 1)[0] <= atNs) {
                j++;
            }
            double r = real.get(j)[1];
            int i = (int) Math.round(at * 10) - 1;
            double mv = i < t.length ? dirty[i] : 0; // past the model's end its cache was clean
            realDirty.add(new double[] {at, r});
            modelDirty.add(new double[] {at, mv});
            sumReal += r;
            sumModel += mv;
            sumAbs += Math.abs(mv - r);
            n++;
        }
        rows.add(new Row("dirty pages over the run, mean", n == 0 ? null : sumReal / n, n == 0 ? null : sumModel / n, null, null));
        rows.add(new Row("dirty over time: sum|model-real| / sum real", null, sumReal == 0 ? null : sumAbs / sumReal, "-",
                sumReal == 0 ? "real all 0" : null));
    }

    /**
     * The file LRU over the run, at each real meminfo sample (one a second) and the model's 100 ms
     * sample nearest to it: the mean share of the file LRU on the inactive list, and how often the
     * inactive list held less than 5 % of it (the lists swap when a deep reclaim pass activates all the
     * dirty pages it scanned and then deactivates the active list: priority 1 moves half of it).
     */
    private void lruOverTime(RunDirectory m) throws IOException {
        List<long[]> real = recording.lruSeries();
        Double runtime = recording.number("/fio/runtime_s");
        TimeSeries ts = m.timeSeries();
        double[] active = ts.column("active_file_pages");
        double[] inactive = ts.column("inactive_file_pages");
        if (real == null || runtime == null || active == null || ts.rows() == 0) {
            rows.add(new Row("inactive share of the file LRU, mean", null, null, null, null));
            rows.add(new Row("samples with inactive under 5 % of the file LRU", null, null, null, null));
            return;
        }
        double realShare = 0;
        double modelShare = 0;
        int realLow = 0;
        int modelLow = 0;
        int n = 0;
        for (long[] s : real) {
            if (s[0] > runtime * 1e9 || s[1] + s[2] == 0) {
                continue;
            }
            int i = nearestRow(ts, s[0]);
            double rs = (double) s[2] / (s[1] + s[2]);
            double lru = active[i] + inactive[i];
            double ms = lru == 0 ? 0 : inactive[i] / lru;
            realLru.add(new double[] {s[0] / 1e9, rs});
            realShare += rs;
            modelShare += ms;
            realLow += rs < 0.05 ? 1 : 0;
            modelLow += ms < 0.05 ? 1 : 0;
            n++;
        }
        double[] t = ts.column("time_s");
        for (int i = 0; i < t.length && t[i] <= runtime + 1e-9; i++) {
            double lru = active[i] + inactive[i];
            modelLru.add(new double[] {t[i], lru == 0 ? 0 : inactive[i] / lru});
        }
        rows.add(new Row("inactive share of the file LRU, mean", n == 0 ? null : realShare / n, n == 0 ? null : modelShare / n, null, null));
        rows.add(new Row("samples with inactive under 5 % of the file LRU", n == 0 ? null : (double) realLow / n,
                n == 0 ? null : (double) modelLow / n, null, null));
    }

    /**
     * The Normal zone over the run, at each real zoneinfo sample (one a second) and the model's 100 ms
     * sample nearest to it: the median of its free pages, and how often they were under the low
     * watermark (the recorded one, raised by the sample's watermark boost, the model's raised by its
     * own: top_zone_boost_pages), and how often the zone was boosted. Under low, an order-0 allocation
     * takes the slow path and wakes kswapd; on min, it reclaims directly.
     */
    private void normalZoneOverTime(RunDirectory m) throws IOException {
        String median = "Normal zone free pages, median of samples";
        String under = "samples with the Normal zone under its low watermark";
        String boosted = "samples with the Normal zone's watermarks boosted";
        List<long[]> real = recording.normalZoneSeries();
        Double runtime = recording.number("/fio/runtime_s");
        Double low = recording.number("/zones_before/Normal/low");
        Double min = recording.number("/zones_before/Normal/min");
        TimeSeries ts = m.timeSeries();
        double[] model = ts.column("top_zone_free_pages");
        double[] modelBoost = ts.column("top_zone_boost_pages");
        List<Long> realFree = new ArrayList<>();
        List<Long> modelFree = new ArrayList<>();
        int realUnder = 0;
        int modelUnder = 0;
        int realBoosted = 0;
        int modelBoosted = 0;
        if (real != null && runtime != null && low != null && min != null && model != null) {
            for (long[] s : real) {
                if (s[0] > runtime * 1e9 || ts.rows() == 0) {
                    continue;
                }
                int i = nearestRow(ts, s[0]);
                long boost = Math.max(0, s[2] - min.longValue());
                double mBoost = modelBoost == null ? 0 : modelBoost[i];
                realUnder += s[1] < low + boost ? 1 : 0;
                modelUnder += model[i] < low + mBoost ? 1 : 0;
                realBoosted += boost > 0 ? 1 : 0;
                modelBoosted += mBoost > 0 ? 1 : 0;
                realFree.add(s[1]);
                modelFree.add((long) model[i]); // a count of pages, written as an integer
                realZoneFree.add(new double[] {s[0] / 1e9, s[1]});
                realZoneMin.add(new double[] {s[0] / 1e9, s[2]});
            }
            double[] t = ts.column("time_s");
            for (int i = 0; i < t.length && t[i] <= runtime + 1e-9; i++) {
                modelZoneFree.add(new double[] {t[i], model[i]});
                modelZoneMin.add(new double[] {t[i], min + (modelBoost == null ? 0 : modelBoost[i])});
            }
        }
        int n = realFree.size();
        rows.add(new Row(median, n == 0 ? null : median(realFree), n == 0 ? null : median(modelFree), null, null));
        rows.add(new Row(under, n == 0 ? null : (double) realUnder / n, n == 0 ? null : (double) modelUnder / n, null, null));
        rows.add(new Row(boosted, n == 0 ? null : (double) realBoosted / n, n == 0 ? null : (double) modelBoosted / n, null, null));
        // what a large folio (order 4 and up) finds without compaction: buddyinfo's blocks against the model's
        List<long[]> buddy = recording.normalBuddySeries();
        double[] modelLarge = ts.column("top_zone_free_order4_pages");
        List<Long> realLarge = new ArrayList<>();
        List<Long> modelLargeAt = new ArrayList<>();
        if (buddy != null && runtime != null && modelLarge != null) {
            for (long[] s : buddy) {
                if (s[0] <= runtime * 1e9 && ts.rows() > 0) {
                    realLarge.add(s[1]);
                    modelLargeAt.add((long) modelLarge[nearestRow(ts, s[0])]);
                }
            }
        }
        int k = realLarge.size();
        rows.add(new Row("Normal zone free pages in blocks of order 4 and up, median of samples", k == 0 ? null : median(realLarge),
                k == 0 ? null : median(modelLargeAt), null, null));
    }

    /** The nearest-rank median ({@link NearestRank}). */
    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return NearestRank.of(sorted, 50);
    }

    /** The model's 100 ms sample nearest to {@code ns} after the real run's start (the first is at 0.1 s). */
    private static int nearestRow(TimeSeries ts, long ns) {
        return (int) Math.min(ts.rows() - 1, Math.max(0, Math.round(ns / 1e8) - 1));
    }

    public List<Row> rows() {
        return rows;
    }

    private void build(RunDirectory m) throws IOException {
        Recording r = recording;
        Double scanned = r.number("/shrink_inactive_total/nr_scanned");
        Double modelScanned = sum(m.number("counters.pgscan_kswapd"), m.number("counters.pgscan_direct"));
        rows.add(share("share of scanned pages found dirty (nr_dirty/scanned)",
                r.number("/shrink_inactive_total/nr_dirty"), scanned, m.number("counters.shrink_inactive_nr_dirty"), modelScanned));
        rows.add(share("share of scanned pages under writeback (nr_writeback/scanned)",
                r.number("/shrink_inactive_total/nr_writeback"), scanned, m.number("counters.shrink_inactive_nr_writeback"), modelScanned));
        add("nr_vmscan_immediate_reclaim", r.number("/vmstat_delta/nr_vmscan_immediate_reclaim"), m.number("counters.nr_vmscan_immediate_reclaim"));
        add("allocstall", sum(r.number("/vmstat_delta/allocstall_dma32"), r.number("/vmstat_delta/allocstall_normal"),
                r.number("/vmstat_delta/allocstall_movable")), m.number("counters.allocstall"));
        // the recording's allocstall counts every task; the model's other tasks (--other-refaults) count apart
        JsonNode directByTask = r.object("/trace/direct_reclaim/by_task"); // lists the classes that reclaimed
        Double calls = m.number("counters.direct_reclaim_begin"); // try_to_free_pages() calls, as the trace counts
        add("direct reclaims by the workload", directByTask == null ? null : directByTask.path("workload").asDouble(0),
                calls == null ? null : calls - orZero(m.number("counters.other_direct_reclaim_begin")));
        // those the trace shows without a throttle of their own between begin and end: how often the
        // node was not flagged congested when the workload reclaimed (recordings summarized since 2026-12-07)
        add("direct reclaims by the workload never throttled", r.number("/trace/direct_reclaim/workload_unthrottled"),
                m.number("counters.direct_reclaim_unthrottled"));
        throttling(m);
        Double throttles = total(m, "counters.throttled_");
        add("throttled workload and kswapd", workloadThrottles(),
                throttles == null ? null : throttles - orZero(m.number("counters.other_throttled")));
        add("balance_dirty_pages pauses", r.number("/trace/balance_dirty_pages/paused"), m.number("counters.balance_dirty_pages_pauses"));
        // wb_update_dirty_ratelimit() traces each update balance_dirty_pages() gets: how often the
        // writer, not the writeback side, found the bandwidth estimate BANDWIDTH_INTERVAL old
        add("dirty_ratelimit updates (bdi_dirty_ratelimit)", r.number("/trace/events/bdi_dirty_ratelimit"), m.number("counters.bdi_dirty_ratelimit"));
        add("balance_dirty_pages pause total (s)", r.number("/trace/balance_dirty_pages/pause_total_s"), seconds(m.number("stallsByCause.throttle.total")));
        // the distribution of single pauses: the tracepoint's pause (ms) against the model's throttle stalls
        add("balance_dirty_pages pause p99 (ms)", r.number("/trace/balance_dirty_pages/pause_p99_ms"), m.number("stallsByCause.throttle.p99") / 1e6);
        add("balance_dirty_pages pause max (ms)", r.number("/trace/balance_dirty_pages/pause_max_ms"), m.number("stallsByCause.throttle.max") / 1e6);
        add("direct reclaim stall total (s)", r.number("/trace/direct_reclaim/total_stall_s"),
                seconds(m.number("stallsByCause.direct-reclaim.total") + orZero(m.number("counters.other_direct_reclaim_stall_ns"))));
        // the flusher's chunks: pages written of one inode per writeback_single_inode() pass that wrote any
        add("flusher inode passes (writeback_single_inode)", r.number("/trace/writeback_single_inode/count"), m.number("writebackInodePages.count"));
        boolean passes = m.number("writebackInodePages.count") > 0; // else the model has no distribution to show
        add("flusher pages per inode pass, mean", r.number("/trace/writeback_single_inode/mean"), passes ? m.number("writebackInodePages.mean") : Double.NaN);
        add("flusher pages per inode pass, median", r.number("/trace/writeback_single_inode/p50"), passes ? m.number("writebackInodePages.p50") : Double.NaN);
        add("flusher pages per inode pass, max", r.number("/trace/writeback_single_inode/max"), passes ? m.number("writebackInodePages.max") : Double.NaN);
        add("pgscan_kswapd", r.number("/vmstat_delta/pgscan_kswapd"), m.number("counters.pgscan_kswapd"));
        add("pgscan_direct", r.number("/vmstat_delta/pgscan_direct"), m.number("counters.pgscan_direct"));
        add("pgsteal", sum(r.number("/vmstat_delta/pgsteal_kswapd"), r.number("/vmstat_delta/pgsteal_direct")), m.number("counters.pgsteal"));
        // written pages that reclaim had marked PG_reclaim, moved to the inactive tail (rotate_reclaimable_page())
        add("pgrotated", r.number("/vmstat_delta/pgrotated"), m.number("counters.pgrotated"));
        // how deep reclaim goes: each batch's tracepoint event, and those at priority 0, where a
        // reclaimer that found too little scans the whole inactive list
        add("shrink_inactive batches (mm_vmscan_lru_shrink_inactive)", r.number("/shrink_inactive_total/events"),
                m.number("counters.shrink_inactive_events"));
        JsonNode byPriority = r.object("/shrink_inactive_priority_hist"); // lists only the priorities that had events
        add("shrink_inactive batches at priority 0", byPriority == null ? null : byPriority.path("0").asDouble(0),
                m.number("counters.shrink_inactive_events_priority_0"));
        // kswapd() traces mm_vmscan_kswapd_wake before every balance_pgdat() run, woken from sleep or not: pageoutrun
        add("kswapd runs (balance_pgdat)", r.number("/trace/events/mm_vmscan_kswapd_wake"), m.number("counters.pageoutrun"));
        // how kswapd_try_to_sleep() ended the runs: on a balanced (or hopeless) node its nap was cut short
        // by a wakeup, or the node was still unbalanced and kswapd went on at once; the rest slept until woken
        add("kswapd naps cut short (kswapd_low_wmark_hit_quickly)", r.number("/vmstat_delta/kswapd_low_wmark_hit_quickly"),
                m.number("counters.kswapd_low_wmark_hit_quickly"));
        add("kswapd runs ending unbalanced (kswapd_high_wmark_hit_quickly)", r.number("/vmstat_delta/kswapd_high_wmark_hit_quickly"),
                m.number("counters.kswapd_high_wmark_hit_quickly"));
        // a whole nap on a balanced or hopeless node, then sleep until woken: mm_vmscan_kswapd_sleep (the
        // recordings trace it; a run without one has no key in their event counts)
        JsonNode events = r.object("/trace/events");
        add("kswapd sleeps until woken (mm_vmscan_kswapd_sleep)", events == null ? null : events.path("mm_vmscan_kswapd_sleep").asDouble(0),
                m.number("counters.kswapd_sleep"));
        add("pgactivate", r.number("/vmstat_delta/pgactivate"), m.number("counters.pgactivate"));
        // high-order folios (6.17+): how often kswapd ran and tasks reclaimed for an order above 0 (the
        // tracepoints' order), and the machine's direct compactions; the model has them only in those eras
        if (!Double.isNaN(m.number("counters.kswapd_high_order_runs"))) {
            add("kswapd runs for an order above 0", highOrders(r.object("/trace/kswapd_wake_by_order")), m.number("counters.kswapd_high_order_runs"));
            add("direct reclaims for an order above 0", highOrders(r.object("/trace/direct_reclaim/by_order")), m.number("counters.direct_reclaim_high_order"));
            add("compaction stalls (compact_stall)", r.number("/vmstat_delta_all_reclaim/compact_stall"), m.number("counters.compact_stall"));
            add("compactions that got the page (compact_success)", r.number("/vmstat_delta_all_reclaim/compact_success"), m.number("counters.compact_success"));
            // direct compactions tried, skipped ones included (the recordings with the compaction events)
            add("direct compaction tries (mm_compaction_try_to_compact_pages)", sumOf(r.object("/trace/try_to_compact_pages"), null),
                    m.number("counters.try_to_compact_pages"));
            // how much compaction worked, and kcompactd's part of it
            for (String item : new String[] {"compact_daemon_wake", "compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
                    "compact_daemon_migrate_scanned", "compact_daemon_free_scanned"}) {
                add(item, r.number("/vmstat_delta_all_reclaim/" + item), m.number("counters." + item));
            }
        }
        // the other tasks' refaults are given (--other-refaults), not compared; what workingset_refault() made of them is
        Double refaults = r.number("/vmstat_delta/workingset_refault_file");
        double modelRefaults = m.number("counters.workingset_refault_file");
        rows.add(new Row("workingset_refault_file (given: --other-refaults)", null, Double.isNaN(modelRefaults) ? null : modelRefaults,
                refaults == null ? "missing" : String.format(Locale.ROOT, "%,.0f", refaults), null));
        add("workingset_activate_file", r.number("/vmstat_delta/workingset_activate_file"), m.number("counters.workingset_activate_file"));
        add("workingset_restore_file", r.number("/vmstat_delta_all_reclaim/workingset_restore_file"), m.number("counters.workingset_restore_file"));
        Double runtime = runtimeSeconds(m);
        TimeSeries ts = m.timeSeries();
        add("peak dirty pages", r.number("/trace/global_dirty_state/peak_dirty"), peak(ts, "dirty_pages", runtime));
        add("peak writeback pages", r.number("/trace/global_dirty_state/peak_writeback"), peak(ts, "writeback_pages", runtime));
        add("runtime (s)", r.number("/fio/runtime_s"), runtime);
        // pages that became dirty, on both sides: a write to a page already dirty dirties none, so with
        // rewrites this is less than the bytes written, and how much less depends on how soon pages are cleaned
        add("pages dirtied (nr_dirtied)", r.number("/vmstat_delta/nr_dirtied"), m.number("counters.nr_dirtied"));
        add("MB written to the device during the run", r.number("/trace/loop_requests/write_mb"), deviceMb(ts, runtime));
    }

    /** The events of a by-order table ({"0": n, "4": m, ...}) above order 0; null if there is none. */
    private static Double highOrders(JsonNode byOrder) {
        return sumOf(byOrder, "0");
    }

    /** The events of a table ({"o1": n, "o4": m, ...}) added up, but for key {@code except}; null if there is none. */
    private static Double sumOf(JsonNode byOrder, String except) {
        if (byOrder == null) {
            return null;
        }
        double n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = byOrder.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(except)) {
                n += e.getValue().asDouble();
            }
        }
        return n;
    }

    /**
     * mm_vmscan_throttled of the workload and kswapd, the tasks the model has (recordings from
     * summarize.py with throttled_by_task, keys "CLASS REASON"); null for older recordings.
     */
    private Double workloadThrottles() throws IOException {
        JsonNode byTask = recording.object("/trace/throttled_by_task");
        if (byTask == null) {
            return null;
        }
        double n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = byTask.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("workload ") || e.getKey().startsWith("kswapd ")) {
                n += e.getValue().asDouble();
            }
        }
        return n;
    }

    /** A counter the run may not have written (a run without the other tasks): 0 then. */
    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static Double total(RunDirectory m, String prefix) {
        double n = 0;
        boolean any = false;
        for (String reason : REASONS) {
            double v = m.number(prefix + reason.toLowerCase(Locale.ROOT));
            if (!Double.isNaN(v)) {
                n += v;
                any = true;
            }
        }
        return any ? n : null;
    }

    /** mm_vmscan_throttled by reason: the recording's map lists the reasons that occurred, so an absent one is 0. */
    private void throttling(RunDirectory m) throws IOException {
        JsonNode byReason = recording.object("/trace/throttled");
        Double realTotal = null;
        Double modelTotal = 0.0;
        List<Row> reasons = new ArrayList<>();
        if (byReason != null) {
            realTotal = 0.0;
            for (Iterator<Map.Entry<String, JsonNode>> it = byReason.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber()) {
                    throw new IOException(recording.dir().resolve(Recording.SUMMARY) + ": /trace/throttled/" + e.getKey()
                            + ": expected a number, found " + e.getValue());
                }
                realTotal += e.getValue().doubleValue();
            }
        }
        for (String reason : REASONS) {
            Double real = byReason == null ? null : byReason.path("VMSCAN_THROTTLE_" + reason).asDouble(0);
            double model = m.number("counters.throttled_" + reason.toLowerCase(Locale.ROOT));
            Double modelValue = Double.isNaN(model) ? null : model;
            if (modelValue != null) {
                modelTotal += modelValue;
            }
            reasons.add(new Row("throttled " + reason, real, modelValue, null, modelValue == null ? "not modelled" : null));
        }
        rows.add(new Row("throttled (all reasons)", realTotal, modelTotal, null, null));
        rows.addAll(reasons);
    }

    private void add(String name, Double real, double model) {
        rows.add(new Row(name, real, Double.isNaN(model) ? null : model, null, null));
    }

    private void add(String name, Double real, Double model) {
        rows.add(new Row(name, real, model, null, null));
    }

    private static double seconds(double ns) {
        return ns / 1e9;
    }

    private static Row share(String name, Double part, Double whole, double modelPart, Double modelWhole) {
        Double real = part == null || whole == null || whole == 0 ? null : part / whole;
        Double model = Double.isNaN(modelPart) || modelWhole == null || modelWhole == 0 ? null : modelPart / modelWhole;
        return new Row(name, real, model, whole != null && whole == 0 ? "nothing scanned" : null,
                modelWhole != null && modelWhole == 0 ? "nothing scanned" : null);
    }

    /** The sum, or null if any part is absent (NaN, from a run directory, counts as absent). */
    private static Double sum(Object... parts) {
        double s = 0;
        for (Object p : parts) {
            if (p == null || ((Number) p).doubleValue() != ((Number) p).doubleValue()) {
                return null;
            }
            s += ((Number) p).doubleValue();
        }
        return s;
    }

    /**
     * The workload's run time in the model: from the start until the last record was done
     * (summary.json traceEndNs; in run directories older than it, the simulated time less the drain
     * that followed, unknown when the page cache never came clean). Null when unknown.
     */
    static Double runtimeSeconds(RunDirectory m) {
        double end = m.number("traceEndNs");
        if (!Double.isNaN(end)) {
            return end < 0 ? null : end / 1e9;
        }
        double sim = m.number("simulatedSeconds");
        double clean = m.number("timeToCleanNs");
        return Double.isNaN(sim) || Double.isNaN(clean) || clean < 0 ? null : sim - clean / 1e9;
    }

    /** Whether the 100 ms sample at {@code timeS} began before the workload ended at {@code runtime} (counted in tenths, so float noise cannot move it). */
    private static boolean duringRun(double timeS, double runtime) {
        return Math.round(timeS * 10) - 1 < runtime * 10;
    }

    /** The largest value of {@code column} sampled while the workload ran (the recording ends at its exit). */
    private static Double peak(TimeSeries ts, String column, Double runtime) {
        if (ts.rows() == 0 || runtime == null) {
            return null;
        }
        double[] t = ts.column("time_s");
        double[] v = ts.column(column);
        double max = 0;
        for (int i = 0; i < t.length && duringRun(t[i], runtime); i++) {
            max = Math.max(max, v[i]);
        }
        return max;
    }

    /** MB the device wrote while the workload ran: write_mb_s of each 100 ms sample up to its end, times 0.1 s. */
    private static Double deviceMb(TimeSeries ts, Double runtime) {
        if (ts.rows() == 0 || runtime == null) {
            return null;
        }
        double[] t = ts.column("time_s");
        double[] w = ts.column("write_mb_s");
        double mb = 0;
        for (int i = 0; i < t.length && duringRun(t[i], runtime); i++) {
            mb += w[i] * 0.1;
        }
        return mb;
    }

    /** The table users see: metric | real | model | model/real | error | within 2x?. */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"metric", "real", "model", "model/real", "error", "within 2x?"});
        for (Row row : rows) {
            cells.add(cells(row));
        }
        int[] width = new int[6];
        for (String[] c : cells) {
            for (int i = 0; i < 6; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] c : cells) {
            b.append(String.format(Locale.ROOT, "%-" + width[0] + "s", c[0]));
            for (int i = 1; i < 6; i++) {
                b.append("  ").append(String.format(Locale.ROOT, "%" + width[i] + "s", c[i]));
            }
            b.append('\n');
        }
        long within = rows.stream().filter(r -> Boolean.TRUE.equals(r.within2x())).count();
        long compared = rows.stream().filter(r -> r.within2x() != null).count();
        b.append(String.format(Locale.ROOT, "within 2x: %d of %d metrics both sides have%n", within, compared));
        return b.toString();
    }

    /** One row as the table shows it. */
    static String[] cells(Row row) {
        String real = row.real() == null ? (row.realNote() != null ? row.realNote() : "missing") : format(row.real());
        String model = row.model() == null ? (row.modelNote() != null ? row.modelNote() : "missing") : format(row.model());
        Double ratio = row.ratio();
        Boolean w = row.within2x();
        String r = ratio != null ? String.format(Locale.ROOT, "%.2f", ratio)
                : w == null ? "-" : row.model() == 0 ? "-" : "inf";
        String error = ratio != null ? String.format(Locale.ROOT, "%+.0f %%", (ratio - 1) * 100) : "-";
        return new String[] {row.name(), real, model, r, error, w == null ? "n/a" : w ? "yes" : "no"};
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return Math.abs(v) < 10 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%,.1f", v);
    }

    /**
     * Writes {@code dir}/validation.html (the heading, the table and the two overlays when there is
     * something to draw: dirty pages over the run, write request sizes) with the charts as
     * dirty-over-time.svg/png and write-sizes.svg/png beside it.
     */
    /**
     * Draws the page's two charts into files: {@code reports.charts.ValidationCharts.FILES} does (this
     * package draws nothing itself, so the charts may depend on it and not the other way).
     */
    public interface Charts {
        void dirtyOverTime(Path file, String name, List<double[]> real, List<double[]> model) throws IOException;

        void writeSizes(Path file, String name, NavigableMap<Long, Long> real, NavigableMap<Long, Long> model) throws IOException;

        /** The inactive share of the file LRU, {time_s, share} points of each side. */
        void lruOverTime(Path file, String name, List<double[]> real, List<double[]> model) throws IOException;

        /** The Normal zone's free pages and its min watermark with the boost, {time_s, pages} points of each side. */
        default void zoneOverTime(Path file, String name, List<double[]> realFree, List<double[]> realMin, List<double[]> modelFree,
                List<double[]> modelMin) throws IOException {
        }
    }

    /**
     * Writes validation.html: the table, the overlays, and {@code strategies} (the side-by-side table of
     * the validated configuration under each strategy, as text; null: none) in a section of its own.
     */
    public void writeHtml(Path dir, String heading, Charts charts, String strategies) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>wbreplay validate: ")
                .append(Html.escape(recording.name())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd}"
                + "td.n{text-align:right;font-variant-numeric:tabular-nums}pre{overflow-x:auto;font-size:90%}</style></head><body>\n");
        b.append("<h1>wbreplay validate: ").append(Html.escape(recording.name())).append("</h1>\n<p>")
                .append(Html.escape(heading)).append("</p>\n<table>\n<tr>");
        for (String h : new String[] {"metric", "real", "model", "model/real", "error", "within 2x?"}) {
            b.append("<th>").append(h).append("</th>");
        }
        b.append("</tr>\n");
        for (Row row : rows) {
            String[] c = cells(row);
            b.append("<tr><td>").append(Html.escape(c[0])).append("</td>");
            for (int i = 1; i < c.length; i++) {
                b.append("<td class=\"n\">").append(Html.escape(c[i])).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        if (!realDirty.isEmpty()) {
            charts.dirtyOverTime(dir.resolve("dirty-over-time"), recording.name(), realDirty, modelDirty);
            b.append("<p><img src=\"dirty-over-time.svg\" alt=\"dirty pages over the run, real and model\"></p>\n");
        }
        if (!realLru.isEmpty()) {
            charts.lruOverTime(dir.resolve("lru-over-time"), recording.name(), realLru, modelLru);
            b.append("<p><img src=\"lru-over-time.svg\" alt=\"inactive share of the file LRU over the run, real and model\"></p>\n");
        }
        if (!realZoneFree.isEmpty()) {
            charts.zoneOverTime(dir.resolve("zone-over-time"), recording.name(), realZoneFree, realZoneMin, modelZoneFree, modelZoneMin);
            b.append("<p><img src=\"zone-over-time.svg\" alt=\"the Normal zone's free pages and boosted min watermark over the run, "
                    + "real and model\"></p>\n");
        }
        if (realBlock != null && modelBlock != null && !realBlock.writeSizes().isEmpty()) {
            charts.writeSizes(dir.resolve("write-sizes"), recording.name(), realBlock.writeSizes(), modelBlock.writeSizes());
            b.append("<p><img src=\"write-sizes.svg\" alt=\"write request sizes, real and model\"></p>\n");
        }
        if (strategies != null) {
            b.append("<h2>The same configuration under each strategy</h2>\n<pre>").append(Html.escape(strategies))
                    .append("</pre>\n<p>Each strategy's run directory: strategies/&lt;strategy&gt;/.</p>\n");
        }
        b.append("<p>docs/validation.md explains every row.</p>\n</body></html>\n");
        io.wbreplay.traces.AtomicOutput.writeString(dir.resolve("validation.html"), b.toString());
    }

    /**
     * Writes {@code file} (validation.json) atomically: the recording, the model's configuration as
     * {@code configuration} (given by the caller) and one object per metric with real, model, ratio
     * and within2x (null where a side is absent, with the reason in real_note / model_note).
     */
    public void writeJson(Path file, Map<String, Object> configuration) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("recording", recording.name());
        root.set("configuration", mapper.valueToTree(configuration));
        ArrayNode metrics = root.putArray("metrics");
        for (Row row : rows) {
            ObjectNode o = metrics.addObject();
            o.put("metric", row.name());
            o.put("real", row.real());
            o.put("model", row.model());
            o.put("ratio", row.ratio());
            o.put("within2x", row.within2x());
            o.put("error", row.ratio() == null ? null : row.ratio() - 1);
            String[] c = cells(row);
            if (row.real() == null) {
                o.put("real_note", c[1]);
            }
            if (row.model() == null) {
                o.put("model_note", c[2]);
            }
        }
        if (realBlock != null) {
            ObjectNode sizes = root.putObject("write_request_sizes_bytes");
            realBlock.writeSizes().forEach((k, v) -> sizes.with("real").put(Long.toString(k), v));
            if (modelBlock != null) {
                modelBlock.writeSizes().forEach((k, v) -> sizes.with("model").put(Long.toString(k), v));
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            mapper.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
