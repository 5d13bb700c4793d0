package io.wbreplay.replay.vmscan.strategy;

import io.wbreplay.replay.mm.Pages;
import io.wbreplay.replay.sim.Hz;
import io.wbreplay.replay.vmscan.Pageout;
import io.wbreplay.replay.vmscan.PageoutResult;
import io.wbreplay.replay.vmscan.ReclaimWritebackStrategy;
import io.wbreplay.replay.vmscan.ReclaimContext;
import io.wbreplay.replay.vmscan.ScanControl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code flusher-pageout} ("writeback: introduce the pageout work", Fengguang Wu, 2012, after Jan
 * Kara's proposal): reclaim does not write. For a dirty page it takes get_page() and queues a pageout
 * work to the flusher for the aligned write-around unit that holds the page, or merges the page into a
 * queued work of the same inode that covers or borders it (up to {@code pageoutMaxUnits} units). Above
 * {@code pageoutThrottleWorks} queued works reclaim throttles; above {@code pageoutMaxWorks} the work is
 * refused (counted dropped) and the page is left to ordinary writeback, as no-reclaim-writeback does.
 * The page is marked PG_reclaim in all cases. The flusher runs the work in its turn ({@link PageoutWork}).
 */
public final class FlusherPageout implements ReclaimWritebackStrategy {
    public static final String NAME = "flusher-pageout";

    /** Works queued and not yet started (the ones a page can merge into). */
    final PageoutQueue queued = new PageoutQueue();
    private final List<PageoutWork> free = new ArrayList<>();
    /** Works queued and not yet finished. */
    int inFlight;
    long worksQueued;
    long pagesMerged;
    long worksDropped;
    long foundTruncated;
    long foundClean;
    long throttled;

    @Override
    public String name() {
        return NAME;
    }

    /** Pageout works queued so far. */
    public long worksQueued() {
        return worksQueued;
    }

    /** Pages that joined an already queued work. */
    public long pagesMerged() {
        return pagesMerged;
    }

    /** Works refused because the queue was full. */
    public long worksDropped() {
        return worksDropped;
    }

    /** Works whose page had been truncated by the time the flusher ran them. */
    public long foundTruncated() {
        return foundTruncated;
    }

    /** Works whose page was already clean when the flusher ran them. */
    public long foundClean() {
        return foundClean;
    }

    /** Times reclaim throttled itself because more than pageoutThrottleWorks works were queued. */
    public long throttled() {
        return throttled;
    }

    /** Works queued and not finished. */
    public int inFlight() {
        return inFlight;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("pageoutWorksQueued", worksQueued);
        c.put("pageoutPagesMerged", pagesMerged);
        c.put("pageoutWorksRefused", worksDropped);
        c.put("pageoutThrottled", throttled);
        c.put("pageoutStaleTruncated", foundTruncated);
        c.put("pageoutStaleClean", foundClean);
        return c;
    }

    @Override
    public Pageout newPageout(ReclaimContext ctx) {
        return (page, sc) -> queuePageout(ctx, page, sc);
    }

    private PageoutResult queuePageout(ReclaimContext ctx, int page, ScanControl sc) {
        if (!sc.mayWritepage) {
            return PageoutResult.KEEP;
        }
        Pages pages = ctx.pages();
        int ino = pages.mapping(page);
        long index = pages.index(page);
        long unit = unitPages(ctx);
        long maxPages = unit * ctx.config().pageoutMaxUnits;
        pages.set(page, Pages.PG_reclaim);
        PageoutWork w = queued.find(ino, index, maxPages);
        if (w != null) {
            if (index == w.end + 1) {
                queued.setEnd(w, Math.min(w.start + maxPages - 1, index + unit - 1));
            } else if (index == w.start - 1) {
                queued.setStart(w, Math.max(w.end - maxPages + 1, Math.max(0, index - unit + 1)));
            }
            pagesMerged++;
            return PageoutResult.KEEP;
        }
        if (inFlight >= ctx.config().pageoutMaxWorks) {
            worksDropped++;
            ctx.flusher().wakeupFlusherThreads(1); // the page is left to the flusher's own writeback
            return ctx.keepForFlusher(page);
        }
        w = free.isEmpty() ? new PageoutWork(this, ctx) : free.remove(free.size() - 1);
        pages.get(page); // the work's reference
        w.prepare(page, ino, index - Math.floorMod(index, unit), unit);
        queued.add(w);
        inFlight++;
        worksQueued++;
        ctx.flusher().queueWork(w);
        if (inFlight > ctx.config().pageoutThrottleWorks) {
            throttled++;
            ctx.reclaimThrottle(Hz.HZ_10_NS);
        }
        return PageoutResult.KEEP;
    }

    /** The write-around unit: rounddown_pow_of_two(avg_write_bandwidth + 1024) >> 6 pages, unless configured. */
    static long unitPages(ReclaimContext ctx) {
        if (ctx.config().pageoutUnitPages > 0) {
            return ctx.config().pageoutUnitPages;
        }
        long bw = (long) ctx.flusher().writeBandwidth() + 1024;
        return Math.max(1, Long.highestOneBit(bw) >> 6);
    }

    /** A finished work goes back to the pool (the patch's mempool). */
    void finished(PageoutWork w) {
        inFlight--;
        free.add(w);
    }
}
