package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import io.wbreplay.replay.sim.StallCause;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What explains a run's numbers, read from its summary.json: stall time by cause, pages written by
 * origin, and the vmstat counters mmtests' compare-kernels prints, each with a definition.
 */
public final class Explain {
    private Explain() {
    }

    /** One explaining quantity: its name, definition and value in a run (NaN without data). */
    public record Row(String name, String definition, ToDoubleFunction<RunDirectory> value) {
    }

    /** Stall time by cause, in seconds, in {@link StallCause} order. */
    public static final List<Row> STALL_CAUSES = List.of(
            cause(StallCause.THROTTLE, "balance_dirty_pages(): a dirty-throttling pause, or the writer writing its own pages"),
            cause(StallCause.DIRECT_RECLAIM, "the writer reclaiming memory itself: an allocation found free pages below the min watermark"),
            cause(StallCause.PAGE_LOCK, "lock_page() on a page another task (reclaim, the flusher, a writer) holds"),
            cause(StallCause.WRITEBACK_WAIT, "waiting for a page's I/O to end (wait_on_page_writeback(): truncate, sync, reclaim)"),
            cause(StallCause.QUEUE_FULL, "waiting for a request slot: the device queue's nr_requests were all in use"),
            cause(StallCause.SYNC_IO, "a read that missed the page cache, or fsync waiting for its I/O"));

    /** Pages written, by who submitted them. */
    public static final List<Row> ORIGINS = List.of(
            new Row("reclaim", "kswapd or direct reclaim writing a dirty page it found at the LRU tail (vmscan pageout())",
                    r -> r.number("pagesWrittenByReclaim")),
            new Row("flusher", "the per-device flusher thread: background, periodic (kupdate), sync and pageout works",
                    r -> r.number("pagesWrittenByFlusher")),
            new Row("writer", "the writing task itself: fsync/O_SYNC, or balance_dirty_pages() before Linux 3.2",
                    r -> r.number("pagesWrittenByWriter")));

    /** The vmstat table, in mmtests' order and words. */
    public static final List<Row> VMSTAT = List.of(
            counter("Kswapd pages scanned", "pgscan_kswapd: LRU pages kswapd looked at"),
            counter("Kswapd pages reclaimed", "pgsteal_kswapd: pages kswapd freed"),
            counter("Direct pages scanned", "pgscan_direct: LRU pages looked at by tasks reclaiming in their own context"),
            counter("Direct pages reclaimed", "pgsteal_direct: pages they freed"),
            new Row("Kswapd efficiency %", "pgsteal_kswapd / pgscan_kswapd: low means kswapd skipped many dirty or busy pages",
                    r -> percent(r.number(path(COUNTERS, "pgsteal_kswapd")), r.number(path(COUNTERS, "pgscan_kswapd")))),
            new Row("Direct efficiency %", "pgsteal_direct / pgscan_direct",
                    r -> percent(r.number(path(COUNTERS, "pgsteal_direct")), r.number(path(COUNTERS, "pgscan_direct")))),
            counter("Direct reclaim (allocstall)", "allocstall: allocations that had to reclaim in the allocating task"),
            counter("Page writes by reclaim", "nr_vmscan_write: pages reclaim sent to the disk itself"),
            counter("Immediate reclaim", "nr_vmscan_immediate_reclaim: pages marked PG_reclaim, freed as soon as their writeback ends"),
            counter("Pages rotated", "pgrotated: dirty or writeback pages moved back to the LRU head to be looked at later"),
            counter("Kswapd wakeups", "kswapd_wakeup: times an allocation woke kswapd"),
            counter("Dirty throttle pauses", "balance_dirty_pages_pauses: times a writer was paused for dirty pages"),
            counter("Pages dirtied", "nr_dirtied"),
            counter("Pages written", "nr_written: pages whose writeback completed"));

    private static Row cause(StallCause c, String definition) {
        return new Row(c.label(), definition, r -> r.number(path(STALLS_BY_CAUSE, c.label(), TOTAL)) / 1e9);
    }

    private static Row counter(String name, String definition) {
        String key = COUNTERS + "." + definition.substring(0, definition.indexOf(':') < 0 ? definition.length() : definition.indexOf(':'));
        return new Row(name, definition, r -> r.number(key));
    }

    private static double percent(double part, double whole) {
        return whole > 0 ? 100 * part / whole : Double.NaN;
    }

    /** The mean of {@code row} over {@code runs}, NaNs left out (NaN if none has it). */
    public static double mean(Row row, List<RunDirectory> runs) {
        double sum = 0;
        int n = 0;
        for (RunDirectory r : runs) {
            double v = row.value().applyAsDouble(r);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
