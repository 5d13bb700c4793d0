package io.wbreplay.traces.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkloadTest {
    private static SynthOptions small(long seed) {
        SynthOptions o = new SynthOptions();
        o.seed = seed;
        o.count = 500;
        o.fileSize = 1 << 20;
        o.files = 20;
        o.liveFiles = 5;
        return o;
    }

    private static List<IoRecord> all(Workload w, SynthOptions o) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        try (TraceReader r = w.open(o)) {
            IoRecord rec = new IoRecord();
            while (r.next(rec)) {
                out.add(rec.copy());
            }
            assertThat(r.next(rec)).as("stays at its end").isFalse();
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void sameSeedSameTraceOtherSeedOtherTrace(Workload w) throws IOException {
        List<IoRecord> a = all(w, small(42));
        assertThat(a).isNotEmpty();
        assertThat(all(w, small(42))).isEqualTo(a);
        assertThat(all(w, small(43))).isNotEqualTo(a);
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void recordsAreFileLevelTimeOrderedAndFilesOpenFirstInIdOrder(Workload w) throws IOException {
        long last = -1;
        int nextNew = 0;
        Set<Integer> seen = new HashSet<>();
        for (IoRecord r : all(w, small(7))) {
            assertThat(r.kind).isEqualTo(EventKind.FILE_OP);
            assertThat(r.isFileLevel()).isTrue();
            assertThat(r.timeNs).isGreaterThanOrEqualTo(last);
            last = r.timeNs;
            if (seen.add(r.file)) {
                assertThat(r.op).as("first record of f" + r.file).isEqualTo(Operation.OPEN);
                assertThat(r.file).as("ids appear in order").isEqualTo(nextNew++);
            }
        }
    }

    @Test
    void sequentialWriterIsContiguous() throws IOException {
        SynthOptions o = small(1);
        o.count = SynthOptions.UNSET; // file size / block size
        o.blockSize = 8192;
        List<IoRecord> recs = all(Workload.SEQ_WRITE, o);
        long expected = 0;
        int writes = 0;
        for (IoRecord r : recs) {
            if (r.op == Operation.WRITE) {
                assertThat(r.offset).isEqualTo(expected);
                assertThat(r.bytes).isEqualTo(8192);
                expected += r.bytes;
                writes++;
            }
        }
        assertThat(writes).isEqualTo((1 << 20) / 8192);
        assertThat(recs.get(0).op).isEqualTo(Operation.OPEN);
        assertThat(recs.get(recs.size() - 2).op).isEqualTo(Operation.FSYNC);
        assertThat(recs.get(recs.size() - 1).op).isEqualTo(Operation.CLOSE);
    }

    @Test
    void zipfRankOneHasItsTheoreticalFrequency() throws IOException {
        SynthOptions o = small(3);
        o.fileSize = 1024 * 4096L; // n = 1024 blocks
        o.count = 200_000;
        o.zipfExponent = 1.0;
        Map<Long, Integer> hits = new HashMap<>();
        for (IoRecord r : all(Workload.ZIPF, o)) {
            if (r.op == Operation.WRITE) {
                hits.merge(r.offset, 1, Integer::sum);
            }
        }
        double harmonic = 0;
        for (int k = 1; k <= 1024; k++) {
            harmonic += 1.0 / k;
        }
        double p1 = 1 / harmonic; // ~0.1332
        int top = hits.values().stream().max(Integer::compare).orElseThrow();
        // 200,000 draws: the standard deviation of the frequency is ~0.00076
        assertThat(top / 200_000.0).isCloseTo(p1, org.assertj.core.data.Offset.offset(0.004));
        // the second rank has half of it (s = 1)
        int second = hits.values().stream().sorted((x, y) -> y - x).skip(1).findFirst().orElseThrow();
        assertThat(second / 200_000.0).isCloseTo(p1 / 2, org.assertj.core.data.Offset.offset(0.004));
        // the hottest block is not simply block 0: ranks are shuffled over the file
        // H(4, 1) = 25/12: P(rank <= k) = 12/25, 18/25, 22/25, 1
        assertThat(ZipfHotSet.cdf(4, 1.0)).containsExactly(new double[] {12 / 25.0, 18 / 25.0, 22 / 25.0, 1.0},
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void smallFilesFollowOpenWriteCloseUnlink() throws IOException {
        SynthOptions o = small(1);
        o.fileSize = 10_000; // 4096 + 4096 + 1808
        List<IoRecord> recs = all(Workload.SMALL_FILES, o);
        Map<Integer, List<Operation>> ops = new HashMap<>();
        Set<Integer> live = new HashSet<>();
        for (IoRecord r : recs) {
            ops.computeIfAbsent(r.file, f -> new ArrayList<>()).add(r.op);
            if (r.op == Operation.OPEN) {
                live.add(r.file);
            } else if (r.op == Operation.UNLINK) {
                live.remove(r.file);
            }
            assertThat(live.size()).isLessThanOrEqualTo(6);
        }
        assertThat(ops).hasSize(20);
        for (int f = 0; f < 20; f++) {
            List<Operation> expected = new ArrayList<>(List.of(Operation.OPEN, Operation.WRITE, Operation.WRITE,
                    Operation.WRITE, Operation.CLOSE));
            if (f < 15) {
                expected.add(Operation.UNLINK);
            }
            assertThat(ops.get(f)).as("f" + f).isEqualTo(expected);
        }
        long total = recs.stream().filter(r -> r.op == Operation.WRITE && r.file == 3).mapToLong(r -> r.bytes).sum();
        assertThat(total).isEqualTo(10_000);
    }

    @Test
    void streamsAreEachSequential() throws IOException {
        SynthOptions o = small(5);
        o.streams = 3;
        o.count = 300;
        Map<Integer, Long> next = new HashMap<>();
        for (IoRecord r : all(Workload.STREAMS, o)) {
            assertThat(r.pid).isEqualTo(SyntheticTrace.PID + r.file);
            if (r.op == Operation.WRITE) {
                assertThat(r.offset).isEqualTo(next.getOrDefault(r.file, 0L));
                next.put(r.file, r.offset + r.bytes);
            }
        }
        assertThat(next).hasSize(3);
        assertThat(next.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300 * 4096L);
    }

    @Test
    void mixedHasTheRequestedReadFraction() throws IOException {
        SynthOptions o = small(9);
        o.count = 20_000;
        long reads = all(Workload.MIXED, o).stream().filter(r -> r.op == Operation.READ).count();
        assertThat(reads / 20_000.0).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.015));
    }

    @Test
    void reclaimHazardsTruncateUnlinkAndNeverTouchAClosedUnlinkedFile() throws IOException {
        SynthOptions o = small(11);
        o.count = 5000;
        o.files = 8;
        Set<Integer> unlinked = new HashSet<>();
        Set<Integer> gone = new HashSet<>();
        Map<Operation, Integer> counts = new HashMap<>();
        Map<Integer, Long> sizes = new HashMap<>();
        for (IoRecord r : all(Workload.RECLAIM_HAZARDS, o)) {
            counts.merge(r.op, 1, Integer::sum);
            assertThat(gone).as("record on a file after its final close").doesNotContain(r.file);
            switch (r.op) {
                case UNLINK -> {
                    assertThat(r.pid).isEqualTo(ReclaimHazards.REAPER);
                    unlinked.add(r.file);
                }
                case CLOSE -> {
                    if (unlinked.contains(r.file)) {
                        gone.add(r.file);
                    }
                }
                case TRUNCATE -> {
                    assertThat(r.offset % 4096).isZero();
                    assertThat(r.offset).isLessThanOrEqualTo(sizes.getOrDefault(r.file, 0L));
                    sizes.put(r.file, r.offset);
                }
                case WRITE -> sizes.merge(r.file, r.offset + r.bytes, Math::max);
                default -> {
                }
            }
        }
        assertThat(counts).containsKeys(Operation.OPEN, Operation.WRITE, Operation.TRUNCATE, Operation.UNLINK,
                Operation.CLOSE, Operation.FSYNC);
        assertThat(gone).isNotEmpty();
        assertThat(counts.get(Operation.WRITE)).isGreaterThan(3000);
    }

    @Test
    void badOptionsAndNames() {
        SynthOptions o = small(1);
        o.blockSize = 0;
        assertThatThrownBy(() -> Workload.SEQ_WRITE.open(o)).hasMessageContaining("--block-size");
        assertThatThrownBy(() -> Workload.byName("nope")).hasMessageContaining("unknown workload 'nope'")
                .hasMessageContaining("reclaim-hazards");
        assertThat(Workload.byName("Seq-Write")).isEqualTo(Workload.SEQ_WRITE);
    }
}
