package io.wbreplay.traces.stats;

import io.wbreplay.traces.json.Decimal;
import java.util.Arrays;

/**
 * What btt prints for one seek table: NSEEKS, MEAN, MEDIAN and MODE with its count. Several distances
 * can share the highest count; btt lists them in the order its tree walk meets them and prints the
 * first (with "...(N more)" when there are more than two), so the first few are kept here.
 */
public final class SeekSummary {
    /** How many tied modes are kept. */
    public static final int LISTED_MODES = 8;
    /** The summary of a table with no seeks. */
    public static final SeekSummary EMPTY = new SeekSummary(0, 0, 0, new long[0], 0, 0);

    private final long nseeks;
    private final double mean;
    private final long median;
    private final long[] modes;
    private final int nmodes;
    private final long modeCount;

    SeekSummary(long nseeks, double mean, long median, long[] modes, int nmodes, long modeCount) {
        this.nseeks = nseeks;
        this.mean = mean;
        this.median = median;
        this.modes = Arrays.copyOf(modes, Math.min(nmodes, modes.length));
        this.nmodes = nmodes;
        this.modeCount = modeCount;
    }

    /** Number of I/Os seen. */
    public long nseeks() {
        return nseeks;
    }

    /** Mean absolute distance in sectors. */
    public double mean() {
        return mean;
    }

    /** btt's MEDIAN column (see {@link SeekTable} for how btt chooses it). */
    public long median() {
        return median;
    }

    /** The first mode btt prints (0 when empty). */
    public long mode() {
        return modes.length == 0 ? 0 : modes[0];
    }

    /** How many seeks have the mode's distance. */
    public long modeCount() {
        return modeCount;
    }

    /** How many distances share the highest count. */
    public int nmodes() {
        return nmodes;
    }

    /** The tied modes in btt's order, at most {@link #LISTED_MODES}. */
    public long[] modes() {
        return modes.clone();
    }

    /** MEAN as btt prints it ({@code %.1lf}). */
    public String meanText() {
        return Decimal.fixed(mean, 1);
    }

    /**
     * The MODE column as btt prints it: {@code mode(count)}, then the second mode if there are exactly
     * two, or {@code ...(N more)} if there are more.
     */
    public String modeText() {
        StringBuilder b = new StringBuilder().append(mode()).append('(').append(modeCount).append(')');
        if (nmodes == 2) {
            b.append(' ').append(modes[1]);
        } else if (nmodes > 2) {
            b.append(" ...(").append(nmodes - 1).append(" more)");
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeekSummary s && nseeks == s.nseeks && Double.compare(mean, s.mean) == 0
                && median == s.median && Arrays.equals(modes, s.modes) && nmodes == s.nmodes && modeCount == s.modeCount;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nseeks) * 31 + Long.hashCode(median) * 17 + Arrays.hashCode(modes);
    }

    @Override
    public String toString() {
        return "nseeks " + nseeks + " mean " + meanText() + " median " + median + " mode " + modeText();
    }
}
