package io.wbreplay.traces.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import org.junit.jupiter.api.Test;

class TraceStatsTest {
    private static final int SDA = IoRecord.device(8, 0);
    private static final int SDB = IoRecord.device(8, 16);

    private static IoRecord rec(long t, EventKind kind, Operation op, int dev, long sector, long bytes) {
        IoRecord r = new IoRecord();
        r.timeNs = t;
        r.kind = kind;
        r.op = op;
        r.device = dev;
        r.sector = sector;
        r.bytes = bytes;
        return r;
    }

    @Test
    void blockTraceFiguresComeFromQueueEvents() {
        TraceStats s = new TraceStats();
        // three writes and one read on sda, each Q, D, C; one write on sdb; one flush (Q with 0 bytes)
        long[][] ios = {{1000, 8, 1}, {1008, 8, 1}, {5000, 16, 0}, {2000, 8, 1}};
        long t = 100;
        for (long[] io : ios) {
            Operation op = io[2] == 1 ? Operation.WRITE : Operation.READ;
            s.add(rec(t++, EventKind.QUEUE, op, SDA, io[0], io[1] * 512));
            s.add(rec(t++, EventKind.ISSUE, op, SDA, io[0], io[1] * 512));
            s.add(rec(t++, EventKind.COMPLETE, op, SDA, io[0], io[1] * 512));
        }
        s.add(rec(t++, EventKind.QUEUE, Operation.WRITE, SDB, 64, 65536));
        s.add(rec(t, EventKind.QUEUE, Operation.FLUSH, SDA, 0, 0));

        assertThat(s.records()).isEqualTo(14);
        assertThat(s.durationNs()).isEqualTo(13);
        assertThat(s.ioKind()).isEqualTo(EventKind.QUEUE);
        assertThat(s.ios()).isEqualTo(5);
        assertThat(s.bytes()).isEqualTo((8 + 8 + 16 + 8) * 512 + 65536);
        assertThat(s.count(EventKind.QUEUE, Operation.READ)).isEqualTo(1);
        assertThat(s.count(EventKind.QUEUE, Operation.WRITE)).isEqualTo(4);
        assertThat(s.count(EventKind.QUEUE, Operation.FLUSH)).isEqualTo(1);
        assertThat(s.count(EventKind.COMPLETE)).isEqualTo(4);
        assertThat(s.sizes().getTotalCount()).isEqualTo(5);
        assertThat(s.maxSize()).isEqualTo(65536);
        assertThat(s.minSize()).isEqualTo(4096);

        // sda distances: 1000 (first), 0 (sequential), 5000-1016 = 3984, 2000-5000 = -3000
        SeekSummary q2q = s.deviceSeeks().q2q(SDA);
        assertThat(q2q.nseeks()).isEqualTo(4);
        assertThat(q2q.mean()).isEqualTo((1000 + 0 + 3984 + 3000) / 4.0);
        assertThat(s.deviceSeeks().d2d(SDA)).isEqualTo(q2q);
        assertThat(s.deviceSeeks().q2q(SDB).mean()).isEqualTo(64.0);
        assertThat(s.deviceSeeks().d2d(SDB).nseeks()).isZero();

        String json = new TraceStatsReport(s, "t", "test").json();
        assertThat(json).contains("\"records\": 14,").contains("\"bytes\": " + s.bytes() + ",")
                .contains("\"durationNs\": 13,").contains("\"8,0\": {").contains("\"8,16\": {")
                .contains("\"q2q\": {\n        \"nseeks\": 4,\n        \"mean\": 1996,\n        \"median\": ");
        String text = new TraceStatsReport(s, "t", "test").text();
        assertThat(text).contains("reads        1  (20.0 %)  8 KiB").contains("p50               4,096").contains("writes       4  (80.0 %)");
        assertThat(text).containsPattern("8,0 +Q2Q +4 +1996.0 ");
    }

    @Test
    void sizesAreTheIoKindsWhateverTheOrderTheKindsFirstAppearIn() {
        TraceStats s = new TraceStats();
        // a flush D first, then D and C of 1 MiB, G and I of 8 KiB, and only then two Q of 4 KiB and 12 KiB
        s.add(rec(1, EventKind.ISSUE, Operation.FLUSH, SDA, 0, 0));
        s.add(rec(2, EventKind.ISSUE, Operation.WRITE, SDA, 8, 1 << 20));
        s.add(rec(3, EventKind.COMPLETE, Operation.WRITE, SDA, 8, 1 << 20));
        s.add(rec(4, EventKind.GETRQ, Operation.WRITE, SDA, 8, 8192));
        s.add(rec(5, EventKind.INSERT, Operation.WRITE, SDA, 8, 8192));
        s.add(rec(6, EventKind.QUEUE, Operation.WRITE, SDA, 8, 4096));
        s.add(rec(7, EventKind.ISSUE, Operation.WRITE, SDA, 8, 1 << 20));
        s.add(rec(8, EventKind.QUEUE, Operation.READ, SDA, 8, 12288));
        assertThat(s.ioKind()).isEqualTo(EventKind.QUEUE);
        assertThat(s.sizes().getTotalCount()).isEqualTo(2);
        assertThat(s.minSize()).isEqualTo(4096);
        assertThat(s.maxSize()).isEqualTo(12288);
        assertThat(s.meanSize()).isEqualTo(8192.0);
        assertThat(s.sizeClasses()[12]).isEqualTo(1); // (2 KiB, 4 KiB]
        assertThat(s.sizeClasses()[14]).isEqualTo(1); // (8 KiB, 16 KiB]

        // no Q: the D records' sizes, the flush D (no data) not among them
        TraceStats d = new TraceStats();
        d.add(rec(1, EventKind.COMPLETE, Operation.WRITE, SDA, 8, 512));
        d.add(rec(2, EventKind.ISSUE, Operation.FLUSH, SDA, 0, 0));
        d.add(rec(3, EventKind.COMPLETE, Operation.WRITE, SDA, 8, 512));
        d.add(rec(4, EventKind.ISSUE, Operation.WRITE, SDA, 8, 65536));
        assertThat(d.ioKind()).isEqualTo(EventKind.ISSUE);
        assertThat(d.sizes().getTotalCount()).isEqualTo(1);
        assertThat(d.minSize()).isEqualTo(65536);
        assertThat(d.maxSize()).isEqualTo(65536);
    }

    @Test
    void fileLevelRecordsGetPerFileTables() {
        TraceStats s = new TraceStats();
        IoRecord r = new IoRecord();
        r.op = Operation.OPEN;
        r.file = 0;
        s.add(r);
        r.op = Operation.WRITE;
        r.bytes = 4096;
        for (long off : new long[] {0, 4096, 1 << 20}) {
            r.offset = off;
            s.add(r);
        }
        r.op = Operation.UNLINK;
        r.bytes = 0;
        s.add(r);
        assertThat(s.ioKind()).isEqualTo(EventKind.FILE_OP);
        assertThat(s.ios()).isEqualTo(3);
        assertThat(s.bytes()).isEqualTo(3 * 4096);
        assertThat(s.deviceSeeks().devices()).isEmpty();
        SeekSummary t = s.fileSeeks().q2q(0);
        // sectors 0, 8 (sequential), 2048: distances 0, 0, 2048 - 16
        assertThat(t.nseeks()).isEqualTo(3);
        assertThat(t.mean()).isEqualTo(2032 / 3.0);
        assertThat(s.fileSeeks().d2d(0)).isEqualTo(t);
        assertThat(new TraceStatsReport(s, "t", "test").json()).contains("\"files\": {\n    \"f0\": {");
    }

    @Test
    void emptyTrace() {
        TraceStats s = new TraceStats();
        assertThat(s.ioKind()).isNull();
        assertThat(new TraceStatsReport(s, "t", "test").json()).contains("\"records\": 0,").contains("\"ioKind\": null");
        assertThat(new TraceStatsReport(s, "t", "test").text()).contains("records      0");
    }
}
