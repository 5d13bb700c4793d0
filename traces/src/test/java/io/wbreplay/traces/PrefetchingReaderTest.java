package io.wbreplay.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PrefetchingReaderTest {
    /** Records with timeNs 0, 1, ..., n - 1, then the end, or a malformed line n + 1 when {@code fail}. */
    private static final class Numbers implements TraceReader {
        final int n;
        final boolean fail;
        int i;
        boolean closed;

        Numbers(int n, boolean fail) {
            this.n = n;
            this.fail = fail;
        }

        @Override
        public boolean next(IoRecord into) throws IOException {
            if (i == n) {
                if (fail) {
                    throw TraceFormatException.atLine(Path.of("t.csv"), n + 1, "bad");
                }
                return false;
            }
            into.timeNs = i++;
            return true;
        }

        @Override
        public long skipped() {
            return 7;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aReaderNamesNoProcessesUnlessItSaysSo() {
        assertThat(new Numbers(1, false).namesProcesses()).isFalse();
    }

    @Test
    void passesEveryRecordInOrderAcrossBatches() throws IOException {
        Numbers source = new Numbers(10_000, false); // two full batches of 4,096 and a partial one
        IoRecord r = new IoRecord();
        long expected = 0;
        try (PrefetchingReader in = new PrefetchingReader(source)) {
            while (in.next(r)) {
                assertThat(r.timeNs).isEqualTo(expected++);
            }
            assertThat(in.next(r)).isFalse();
            assertThat(in.skipped()).isEqualTo(7);
        }
        assertThat(expected).isEqualTo(10_000);
        assertThat(source.closed).isTrue();
    }

    @Test
    void peeksOnlyWithinTheBatchAtHand() throws IOException {
        IoRecord r = new IoRecord();
        try (PrefetchingReader in = new PrefetchingReader(new Numbers(5000, false))) {
            assertThat(in.peek(0)).isNull(); // nothing taken over yet
            for (int i = 0; i < 5000; i++) {
                IoRecord ahead = in.peek(16);
                if (i > 0 && i + 16 < 4096) {
                    assertThat(ahead.timeNs).isEqualTo(i + 16);
                } else if (i >= 4096 - 16 && i < 4096) {
                    assertThat(ahead).isNull(); // in the next batch, not yet handed over
                }
                assertThat(in.next(r)).isTrue();
                assertThat(r.timeNs).isEqualTo(i);
            }
            assertThat(in.peek(0)).isNull();
            assertThat(in.next(r)).isFalse();
        }
    }

    @Test
    void aFailureComesAfterTheRecordsBeforeIt() throws IOException {
        IoRecord r = new IoRecord();
        try (PrefetchingReader in = new PrefetchingReader(new Numbers(8192, true))) {
            for (int i = 0; i < 8192; i++) {
                assertThat(in.next(r)).isTrue();
            }
            assertThatThrownBy(() -> in.next(r)).isInstanceOf(TraceFormatException.class).hasMessageContaining("line 8193");
        }
    }

    @Test
    void closingEarlyStopsTheReadingThread() throws IOException {
        Numbers endless = new Numbers(Integer.MAX_VALUE, false);
        PrefetchingReader in = new PrefetchingReader(endless);
        assertThat(in.next(new IoRecord())).isTrue();
        in.close(); // returns: the thread blocked on a full queue is interrupted
        assertThat(endless.closed).isTrue();
    }
}
