package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Mean, deviation, interval and Welch's test against values worked out by hand from the textbook formulas. */
class SampleStatsTest {
    @Test
    void meanDeviationAndInterval() {
        // {1, 2, 3}: mean 2, sample variance ((1 + 0 + 1) / 2) = 1; t(0.975, 2 df) = 4.3027 (tables): half width 4.3027 / sqrt(3) = 2.4841
        SampleStats s = SampleStats.of(new double[] {1, 2, 3});
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.sd()).isCloseTo(1.0, within(1e-12));
        assertThat(s.ciLow()).isCloseTo(2 - 2.4841, within(1e-3));
        assertThat(s.ciHigh()).isCloseTo(2 + 2.4841, within(1e-3));
        SampleStats one = SampleStats.of(new double[] {5, Double.NaN});
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.sd()).isNaN();
        assertThat(SampleStats.of(new double[0]).n()).isZero();
    }

    @Test
    void welchAgainstHandWorkedValues() {
        // {1,2,3} vs {2,3,4}: t = 1 / sqrt(1/3 + 1/3) = 1.2247, Welch-Satterthwaite df = (2/3)^2 / (2 * (1/3)^2 / 2) = 4;
        // two-sided p for t = 1.2247 on 4 df = 0.2879 (t tables)
        assertThat(SampleStats.welchP(new double[] {1, 2, 3}, new double[] {2, 3, 4})).isCloseTo(0.2879, within(5e-4));
        // {1,2,3} vs {11,12,13}: t = 10 / 0.8165 = 12.247 on 4 df: p = 0.000255
        assertThat(SampleStats.welchP(new double[] {1, 2, 3}, new double[] {11, 12, 13})).isCloseTo(0.000255, within(2e-5));
        // no spread at all: certain if the means differ, nothing if they do not; one run: no test
        assertThat(SampleStats.welchP(new double[] {4, 4}, new double[] {5, 5})).isZero();
        assertThat(SampleStats.welchP(new double[] {4, 4}, new double[] {4, 4})).isEqualTo(1.0);
        assertThat(SampleStats.welchP(new double[] {4}, new double[] {5, 6})).isNaN();
    }
}
