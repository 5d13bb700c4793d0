package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Nearest rank worked by hand from its definition: the ceil(p n / 100)-th smallest. */
class NearestRankTest {
    private static List<Long> oneTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void theCeilOfPTimesNOverAHundredthValue() {
        List<Long> ten = oneTo(10);
        assertThat(NearestRank.of(ten, 90)).isEqualTo(9); // 9 of 10 are <= 9
        assertThat(NearestRank.of(ten, 50)).isEqualTo(5);
        assertThat(NearestRank.of(ten, 10)).isEqualTo(1);
        assertThat(NearestRank.of(ten, 100)).isEqualTo(10); // the max
        assertThat(NearestRank.of(ten, 0)).isEqualTo(1); // rank 0: the first
        List<Long> hundred = oneTo(100);
        assertThat(NearestRank.of(hundred, 99)).isEqualTo(99);
        assertThat(NearestRank.of(hundred, 50)).isEqualTo(50);
        assertThat(NearestRank.of(List.of(5L), 99)).isEqualTo(5); // ceil(0.99) = 1st
        assertThat(NearestRank.of(List.of(1L, 2L, 3L), 99)).isEqualTo(3); // ceil(2.97) = 3rd
        assertThat(NearestRank.of(List.of(1L, 2L, 3L), 50)).isEqualTo(2); // ceil(1.5) = 2nd
    }

    @Test
    void wholeRanksAreNotRoundedUp() {
        // p n / 100 a whole number that a double's p / 100 x n overshoots: 0.07 x 100 = 7.000000000000001,
        // 0.55 x 100 = 55.00000000000001, 0.28 x 25 = 7.000000000000001; the ceil of those is one rank too high
        assertThat(NearestRank.of(oneTo(100), 7)).isEqualTo(7);
        assertThat(NearestRank.of(oneTo(100), 55)).isEqualTo(55);
        assertThat(NearestRank.of(oneTo(25), 28)).isEqualTo(7);
    }
}
