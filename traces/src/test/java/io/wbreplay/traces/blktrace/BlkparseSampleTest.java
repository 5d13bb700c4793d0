package io.wbreplay.traces.blktrace;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public takeoverjp sample read two ways: the binary file directly, and the real blkparse's text of
 * it. Every record of the sample says CPU 1 although it sits in a ".blktrace.0" file, so
 * {@code blkparse -i sample} rejects them all ("cpu 0 trace info has error cpu 1"); blkparse reads the
 * file as one merged stream from stdin ({@code blkparse -i -}) instead.
 */
class BlkparseSampleTest {
    @TempDir
    static Path dir;
    static List<IoRecord> binary;
    static List<IoRecord> text;
    static long binaryIgnored;
    static BlktraceReader binaryReader;

    @BeforeAll
    static void readBothWays() throws Exception {
        Path sample = Tools.publicSample();
        Path txt = dir.resolve("sample.txt");
        Tools.run(dir, sample, txt, "blkparse", "-i", "-");
        try (BlktraceReader in = new BlktraceReader(sample, ReadOptions.STRICT)) {
            binary = readAll(in);
            binaryIgnored = in.ignored();
            binaryReader = in;
        }
        try (TraceReader in = new BlkparseTextReader(txt, ReadOptions.STRICT)) {
            text = readAll(in);
            assertThat(in.skipped()).isZero();
        }
    }

    static List<IoRecord> readAll(TraceReader in) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            out.add(r.copy());
        }
        return out;
    }

    @Test
    void recordsAcrossMappedWindowsAreWhatBlkparsePrints() throws IOException {
        // 600-byte windows (a record with the largest payload is 560 bytes): most records and both
        // PROCESS notes end in a later window than they start
        try (BlktraceReader in = new BlktraceReader(Tools.publicSample(), ReadOptions.STRICT, 600)) {
            assertThat(in.worthReadingAhead()).isFalse();
            List<IoRecord> windowed = readAll(in);
            assertThat(windowed).hasSize(6741);
            for (int i = 0; i < windowed.size(); i++) {
                assertThat(windowed.get(i)).as("record %d", i).isEqualTo(text.get(i));
            }
            assertThat(in.ignored()).isEqualTo(2);
            assertThat(in.processName(0)).isEqualTo("swapper/1");
            assertThat(in.processName(10256)).isEqualTo("VizCompositorTh");
        }
    }

    @Test
    void sampleHoldsTheDocumentedCounts() {
        // 6,743 records in the file: 2 PROCESS notifies (not I/O) and 963 each of A, Q, G, P, U, D, C.
        assertThat(binary.size() + binaryIgnored).isEqualTo(6743);
        assertThat(binaryIgnored).isEqualTo(2);
        Map<EventKind, Integer> byKind = new EnumMap<>(EventKind.class);
        for (IoRecord r : binary) {
            byKind.merge(r.kind, 1, Integer::sum);
        }
        assertThat(byKind).containsOnly(Map.entry(EventKind.REMAP, 963), Map.entry(EventKind.QUEUE, 963),
                Map.entry(EventKind.GETRQ, 963), Map.entry(EventKind.PLUG, 963), Map.entry(EventKind.UNPLUG, 963),
                Map.entry(EventKind.ISSUE, 963), Map.entry(EventKind.COMPLETE, 963));
    }

    @Test
    void textAndBinaryAgreeOnEveryField() {
        assertThat(text).hasSize(6741);
        for (int i = 0; i < binary.size(); i++) {
            assertThat(text.get(i)).as("record %d", i).isEqualTo(binary.get(i));
        }
    }

    @Test
    void firstAndLastEventsAreWhatBlkparsePrints() {
        // "259,0    1        1     0.000000000 21279  A  RA 2348060440 + 8 <- (259,3) 2345510680"
        IoRecord first = binary.get(0);
        assertThat(first.timeNs).isZero();
        assertThat(first.kind).isEqualTo(EventKind.REMAP);
        assertThat(first.device).isEqualTo(IoRecord.device(259, 0));
        assertThat(first.cpu).isEqualTo(1);
        assertThat(first.pid).isEqualTo(21279);
        assertThat(first.op).isEqualTo(Operation.READ);
        assertThat(first.flags).isEqualTo(IoRecord.READAHEAD);
        assertThat(first.sector).isEqualTo(2348060440L);
        assertThat(first.bytes).isEqualTo(8 * 512);
        // "259,0    1     6741     0.345541853 10256  C  RA 2336681576 + 8 [0]"
        IoRecord last = binary.get(binary.size() - 1);
        assertThat(last.timeNs).isEqualTo(345_541_853L);
        assertThat(last.kind).isEqualTo(EventKind.COMPLETE);
        assertThat(last.pid).isEqualTo(10256);
        assertThat(last.sector).isEqualTo(2336681576L);
        assertThat(last.error).isZero();
    }

    @Test
    void queuedBytesMatchBlkparseSummary() {
        // " Reads Queued:         963,     3852KiB"
        long queued = binary.stream().filter(r -> r.kind == EventKind.QUEUE).mapToLong(r -> r.bytes).sum();
        assertThat(queued).isEqualTo(3852L * 1024);
    }

    @Test
    void processNamesComeFromNotifyRecords() {
        // the sample's two PROCESS notes: pid 0 "swapper/1", pid 10256 "VizCompositorTh"; none for 21279
        assertThat(binaryReader.processName(0)).isEqualTo("swapper/1");
        assertThat(binaryReader.processName(10256)).isEqualTo("VizCompositorTh");
        assertThat(binaryReader.processName(21279)).isNull();
    }
}
