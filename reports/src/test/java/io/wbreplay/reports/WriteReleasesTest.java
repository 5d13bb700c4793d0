package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Releases as summarize.py groups them, worked by hand on a few events. */
class WriteReleasesTest {
    private static final long MS = 1_000_000L;

    @Test
    void issuesUnderOneMillisecondApartAreOneRelease() {
        WriteReleases w = new WriteReleases();
        // release 1 at 0: two requests 0.4 ms apart (the second within 1 ms of the first), done at 2 ms
        w.issued(0, 100, 1 << 20);
        w.issued(400_000, 2148, 1 << 20);
        w.completed(MS, 100);
        w.completed(2 * MS, 2148);
        // release 2 at 200 ms: one request, done 4 ms later; release 3 at 400 ms: done 10 ms later
        w.issued(200 * MS, 5000, 3 << 20);
        w.completed(204 * MS, 5000);
        w.issued(400 * MS, 9000, 1 << 19);
        w.issued(401 * MS, 9100, 1 << 19); // 1 ms after the last issue: a release of its own
        w.completed(410 * MS, 9000);
        w.completed(402 * MS, 9100);
        assertThat(w.count()).isEqualTo(4);
        // intervals 200, 200, 1 ms: nearest rank p50 = the 2nd smallest of 3 = 200, p10 = the 1st = 1
        assertThat(w.intervalMs(50)).isEqualTo(200.0);
        assertThat(w.intervalMs(10)).isEqualTo(1.0);
        // latencies 2, 4, 10, 1 ms: sorted 1, 2, 4, 10; p50 = the 2nd = 2, p90 = the 4th = 10
        assertThat(w.latencyMs(50)).isEqualTo(2.0);
        assertThat(w.latencyMs(90)).isEqualTo(10.0);
        // bytes 2 MiB, 3 MiB, 0.5 MiB, 0.5 MiB: the median of an even count is the mean of the middle two
        assertThat(w.bytesMedian()).isEqualTo((0.5 + 2) / 2 * (1 << 20));
    }
}
