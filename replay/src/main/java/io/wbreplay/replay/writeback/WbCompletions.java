package io.wbreplay.replay.writeback;

import io.wbreplay.replay.sim.Hz;

/**
 * The global wb_domain's writeout completions (mm/page-writeback.c wb_domain_writeout_add() and
 * writeout_period() on lib/flex_proportions.c's fprop counters) and what __wb_calc_thresh() makes of
 * them: the one bdi's completions against all the machine's, so that its share of the dirty
 * threshold is the share of the pages written back lately that were its own. Every page whose
 * writeback ends counts once; the machine's other devices add theirs at a steady rate (0 by default:
 * the one bdi owns the whole threshold). The run starts with the bdi the last to have written (one
 * completion of its own, as on a quiet machine; a new bdi would have none and no share at all).
 * While there are completions, a timer halves every count each VM_COMPLETIONS_PERIOD_LEN
 * (fprop_new_period()).
 */
public final class WbCompletions {
    /** VM_COMPLETIONS_PERIOD_LEN: 3 s, in jiffies. */
    static final long PERIOD_LEN = 3 * Hz.HZ;

    private final long otherPerS;
    /** wb->completions and dom->completions (all devices') events. */
    private long own = 1;
    private long all = 1;
    /** dom->period_time, in jiffies: when the halving timer fires next; 0 while it is off. */
    private long periodTime;
    /** The other devices' completions counted so far (their steady rate, added as time passes). */
    private long otherAdded;
    private long otherUntil;

    /** {@code otherPerS}: the other devices' completions, pages a second. */
    public WbCompletions(long otherPerS) {
        this.otherPerS = otherPerS;
    }

    /** __wb_writeout_add(): {@code pages} of the bdi ended writeback at {@code now} (jiffies). */
    public void writeoutAdd(long pages, long now) {
        advance(now);
        add(pages, now);
        own += pages;
    }

    /** wb_domain_writeout_add(): counts the events and starts the halving timer if it is off. */
    private void add(long pages, long now) {
        all += pages;
        if (periodTime == 0) {
            periodTime = wpNextTime(now);
        }
    }

    /** wp_next_time(): a timer time, never 0 (0 means off). */
    private static long wpNextTime(long cur) {
        return (cur + PERIOD_LEN) | 1;
    }

    /** Brings the counts to {@code now}: the other devices' completions, and each halving due by then. */
    private void advance(long now) {
        while (true) {
            long until = periodTime != 0 && periodTime <= now ? periodTime : now;
            addOthersUntil(until);
            if (periodTime == 0 || periodTime > now) {
                return;
            }
            // writeout_period() on time: fprop_new_period(1) halves the counts, or stops when at most 1 is left
            if (all <= 1) {
                periodTime = 0;
                return;
            }
            all >>= 1;
            own >>= 1;
            periodTime = wpNextTime(periodTime);
        }
    }

    /** The other devices' completions due by {@code until}, from the first of them on. */
    private void addOthersUntil(long until) {
        if (otherPerS == 0 || until <= otherUntil) {
            return;
        }
        long due = otherPerS * until / Hz.HZ;
        if (due > otherAdded) {
            // the first of them falls at the jiffy its count is reached
            long first = Math.max(otherUntil, ((otherAdded + 1) * Hz.HZ + otherPerS - 1) / otherPerS);
            add(due - otherAdded, Math.min(first, until));
            otherAdded = due;
        }
        otherUntil = until;
    }

    /**
     * __wb_calc_thresh(): the bdi's share of {@code thresh} by fprop_fraction_percpu() (none before its
     * first completion), raised for a bdi that has been idle to (thresh - dirty) / 8 from 6.14 on
     * ({@code bump}; before, wb_position_ratio() raised it by the domain limit), at most thresh.
     */
    public long wbCalcThresh(long thresh, long dirty, boolean bump, long now) {
        advance(now);
        long num = own;
        long den = all;
        if (den <= num) {
            den = num == 0 ? 1 : num;
        }
        long wbThresh = thresh * num / den;
        if (bump && thresh > dirty) {
            wbThresh = Math.max(wbThresh, (thresh - dirty) / 8);
        }
        return Math.min(wbThresh, thresh);
    }
}
