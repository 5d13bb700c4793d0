package io.wbreplay.reports;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * One metric over the repeated runs of a cell: count, mean, sample standard deviation and the 95 %
 * confidence interval of the mean (Student's t with n - 1 degrees of freedom); and the comparison of two
 * such samples by Welch's unequal-variances t-test, two-sided.
 */
public record SampleStats(int n, double mean, double sd, double ciLow, double ciHigh) {
    /** The level of the confidence intervals and of the tests: 95 %, p < 0.05. */
    public static final double ALPHA = 0.05;

    /** The statistics of {@code values} (NaNs, runs that did not record the metric, left out). */
    public static SampleStats of(double[] values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            if (!Double.isNaN(v)) {
                s.addValue(v);
            }
        }
        int n = (int) s.getN();
        if (n == 0) {
            return new SampleStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = s.getMean();
        if (n == 1) {
            return new SampleStats(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double sd = s.getStandardDeviation();
        double half = new TDistribution(n - 1).inverseCumulativeProbability(1 - ALPHA / 2) * sd / Math.sqrt(n);
        return new SampleStats(n, mean, sd, mean - half, mean + half);
    }

    /**
     * Welch's t-test of {@code a} against {@code b}: the two-sided p-value; NaN when either sample has
     * fewer than two values. Two samples without any spread differ with certainty if their means
     * differ (p = 0) and not at all if they are equal (p = 1): a t statistic needs a variance.
     */
    public static double welchP(double[] a, double[] b) {
        double[] x = clean(a);
        double[] y = clean(b);
        if (x.length < 2 || y.length < 2) {
            return Double.NaN;
        }
        SummaryStatistics sx = summary(x);
        SummaryStatistics sy = summary(y);
        if (sx.getVariance() == 0 && sy.getVariance() == 0) {
            return sx.getMean() == sy.getMean() ? 1.0 : 0.0;
        }
        return new TTest().tTest(x, y);
    }

    private static double[] clean(double[] v) {
        return Arrays.stream(v).filter(d -> !Double.isNaN(d)).toArray();
    }

    private static SummaryStatistics summary(double[] v) {
        SummaryStatistics s = new SummaryStatistics();
        for (double d : v) {
            s.addValue(d);
        }
        return s;
    }
}
