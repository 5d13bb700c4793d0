package io.wbreplay.traces.tracepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.formats.TraceFormats;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracepointFormatTest {
    /** brendangregg/perf-tools examples/tpoint_example.txt: tracefs lines inside prose (read in place). */
    static final Path TPOINT_EXAMPLE = Path.of("/work/shared/traces-public/ftrace-perf-tools/tpoint_example.txt");

    private final TracepointFormat format = new TracepointFormat();

    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(TracepointFormatTest.class.getResource("/tracepoint/" + name).toURI());
    }

    static List<IoRecord> readAll(TraceReader in) throws IOException {
        List<IoRecord> out = new ArrayList<>();
        IoRecord r = new IoRecord();
        while (in.next(r)) {
            out.add(r.copy());
        }
        return out;
    }

    private Path file(String text) throws IOException {
        Path p = dir.resolve("trace.txt");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private List<IoRecord> read(String text) throws IOException {
        try (TraceReader in = format.open(file(text), ReadOptions.STRICT)) {
            return readAll(in);
        }
    }

    @Test
    void readsTheIssueAndInsertLinesOfThePerfToolsExample() throws IOException {
        // grep -c ': block_rq_issue: 202,1' gives 16, ': block_rq_insert: 202,1' gives 2; 210 lines in all.
        try (TraceReader in = format.open(TPOINT_EXAMPLE, ReadOptions.STRICT)) {
            List<IoRecord> r = readAll(in);
            assertThat(r).hasSize(18);
            assertThat(r.stream().filter(x -> x.kind == EventKind.ISSUE).count()).isEqualTo(16);
            assertThat(r.stream().filter(x -> x.kind == EventKind.INSERT).count()).isEqualTo(2);
            assertThat(in.ignored()).isEqualTo(210 - 18);
            assertThat(in.skipped()).isZero();

            // "supervise-1692  [001] d... 7269912.982162: block_rq_issue: 202,1 W 0 () 17039656 + 8 [supervise]"
            IoRecord first = r.get(0);
            assertThat(first.timeNs).isZero();
            assertThat(first.pid).isEqualTo(1692);
            assertThat(first.cpu).isEqualTo(1);
            assertThat(first.device).isEqualTo(IoRecord.device(202, 1));
            assertThat(first.op).isEqualTo(Operation.WRITE);
            assertThat(first.flags).isZero();
            assertThat(first.sector).isEqualTo(17_039_656L);
            assertThat(first.bytes).isEqualTo(8 * 512); // old kernels print 0 bytes for fs requests

            // the file joins four separate runs: "cksum-11908 [000] d... 7269839.919098: block_rq_insert:
            // 202,1 R 0 () 736560 + 136 [cksum]" lies 73.063064 s before the first record
            IoRecord last = r.get(17);
            assertThat(last.kind).isEqualTo(EventKind.INSERT);
            assertThat(last.pid).isEqualTo(11908);
            assertThat(last.op).isEqualTo(Operation.READ);
            assertThat(last.sector).isEqualTo(736_560L);
            assertThat(last.bytes).isEqualTo(136 * 512);
            assertThat(last.timeNs).isEqualTo(-73_063_064_000L);
        }
    }

    @Test
    void readsARealTracefsRecordingOfALoopDevice() throws Exception {
        // counts by grep: bio_queue 50, bio_backmerge 16, getrq 39, rq_insert 28, rq_issue 45,
        // rq_complete 43, split 5 = 226 records; plug 20 + unplug 23 + writeback 19 + 12 '#' lines ignored
        try (TraceReader in = format.open(resource("loop-tracefs.txt"), ReadOptions.STRICT)) {
            List<IoRecord> r = readAll(in);
            assertThat(r).hasSize(226);
            assertThat(in.ignored()).isEqualTo(20 + 23 + 19 + 12);
            assertThat(r.stream().filter(x -> x.device == IoRecord.device(7, 0)).count()).isEqualTo(73);
            assertThat(r.stream().filter(x -> x.device == IoRecord.device(254, 0)).count()).isEqualTo(153);
            assertThat(r.stream().filter(x -> x.kind == EventKind.ISSUE && x.device == IoRecord.device(7, 0)).count())
                    .isEqualTo(14);
            assertThat(r.stream().filter(x -> x.kind == EventKind.ISSUE && x.device == IoRecord.device(7, 0)
                    && x.op == Operation.WRITE).mapToLong(x -> x.bytes).sum()).isEqualTo(4_204_544L);
            assertThat(r.stream().filter(x -> x.kind == EventKind.SPLIT).count()).isEqualTo(5);

            IoRecord first = r.get(0); // dd-11411 [001] ..... 2405.313973: block_bio_queue: 254,0 RA 29947720 + 32 [bash]
            assertThat(first.kind).isEqualTo(EventKind.QUEUE);
            assertThat(first.op).isEqualTo(Operation.READ);
            assertThat(first.flags).isEqualTo(IoRecord.READAHEAD);
            assertThat(first.bytes).isEqualTo(16384);

            // line 158: jbd2/loop0-8-11408 [000] ..... 2405.320779: block_rq_issue: 7,0 WSM 1024 () 32770 + 2 be,0,3
            IoRecord jbd2 = r.stream().filter(x -> x.kind == EventKind.ISSUE && x.sector == 32770).findFirst().orElseThrow();
            assertThat(jbd2.pid).isEqualTo(11408);
            assertThat(jbd2.timeNs).isEqualTo(6_806_000L);
            assertThat(jbd2.flags).isEqualTo(IoRecord.SYNC | IoRecord.META);
            assertThat(jbd2.bytes).isEqualTo(1024);

            // line 181: block_bio_queue: 7,0 FWFSM 32788 + 2 [jbd2/loop0-8]
            IoRecord commit = r.stream().filter(x -> x.kind == EventKind.QUEUE && x.sector == 32788).findFirst().orElseThrow();
            assertThat(commit.op).isEqualTo(Operation.WRITE);
            assertThat(commit.flags).isEqualTo(IoRecord.PREFLUSH | IoRecord.FUA | IoRecord.SYNC | IoRecord.META);

            // line 254: block_rq_complete: 7,0 FF () 18446744073709551615 + 0 none,0,0 [0]; grep finds 8 "FF"
            List<IoRecord> flushes = r.stream().filter(x -> x.op == Operation.FLUSH).toList();
            assertThat(flushes).hasSize(8).allSatisfy(x -> {
                assertThat(x.sector).isZero();
                assertThat(x.bytes).isZero();
                assertThat(x.flags).isEqualTo(IoRecord.PREFLUSH);
            });
        }
        assertThat(TraceFormats.detect(resource("loop-tracefs.txt")).name()).isEqualTo("tracepoint");
    }

    @Test
    void readsPerfScriptOutput() throws Exception {
        // grep: block:block_bio_queue 25, block:block_rq_issue 21, block:block_rq_complete 23 of 69 lines
        try (TraceReader in = format.open(resource("loop-perf-script.txt"), ReadOptions.STRICT)) {
            List<IoRecord> r = readAll(in);
            assertThat(r).hasSize(69);
            assertThat(r.stream().filter(x -> x.device == IoRecord.device(7, 0)).count()).isEqualTo(39);
            assertThat(r.stream().filter(x -> x.kind == EventKind.ISSUE && x.device == IoRecord.device(7, 0)
                    && x.op == Operation.WRITE).mapToLong(x -> x.bytes).sum()).isEqualTo(1_058_816L);
            // " C1 CompilerThre 11860 [001]  2418.837780: block:block_rq_complete: 254,0 RM () 36986352 + 8 0x2,0,4 [0]"
            IoRecord third = r.get(2);
            assertThat(third.pid).isEqualTo(11860);
            assertThat(third.kind).isEqualTo(EventKind.COMPLETE);
            assertThat(third.timeNs).isEqualTo(259_000L);
            assertThat(third.bytes).isEqualTo(4096);
        }
        assertThat(TraceFormats.detect(resource("loop-perf-script.txt")).name()).isEqualTo("tracepoint");
    }

    @Test
    void understandsEveryPrefixVariantAndBodyLayout() throws IOException {
        List<IoRecord> r = read(String.join("\n",
                "cpus=2",
                "            <...>-4242  [003] d..1.  100.000000100: block_rq_issue: 8,16 WS 8192 () 2048 + 16 be,0,4 [my worker]",
                "         fio-77    [000]   100.000001: block_rq_insert: 8,16 R 4096 () 96 + 8 [fio]",
                "   bash-1977  ( 1977) [001] ....   100.5: block_bio_queue: 8,16 D 4096 + 2048 [bash]",
                "  kworker/1:1H-kblockd-88 [001] ..s1 101.000000: block_rq_complete: 8,16 WS (12 34 56) 2048 + 16 [-5]",
                "  scsi_eh-9 [000] .... 101.5: block_rq_requeue: 8,16 W () 4096 + 8 none,0,0 [0]",
                "  dm-1 [000] .... 102: block_bio_remap: 253,0 W 500 + 8 <- (8,16) 1000",
                "  dm-1 [000] .... 102.25: block_bio_complete: 253,0 W 500 + 8 [0]",
                "  fio-77 [000] .... 103.0: block_rq_issue: 8,16 N 0 () 0 + 0 none,0,0 [fio]",
                "  fio-77 [000] .... 103.0: block_rq_issue: 8,16 ZRA 0 () 0 + 0 none,0,0 [fio]",
                "  fio-77 [000] .... 103.0: block_touch_buffer: 8,16 sector=100 size=4096",
                "       fio 77 [000] 103.0:  writeback:writeback_dirty_page: bdi 8:16: ino=12 index=0",
                "  fio-77 [000] .... 103.0: block_rq_issue: 8,16 WZ 1048576 () 4096 + 2048 [fio]",
                ""));
        assertThat(r).extracting(x -> x.kind).containsExactly(EventKind.ISSUE, EventKind.INSERT, EventKind.QUEUE,
                EventKind.COMPLETE, EventKind.REQUEUE, EventKind.REMAP, EventKind.COMPLETE, EventKind.ISSUE);
        assertThat(r).extracting(x -> x.timeNs).containsExactly(0L, 900L, 499_999_900L, 999_999_900L,
                1_499_999_900L, 1_999_999_900L, 2_249_999_900L, 2_999_999_900L);
        assertThat(r).extracting(x -> x.pid).containsExactly(4242, 77, 1977, 88, 9, 1, 1, 77);
        assertThat(r.get(0).cpu).isEqualTo(3);
        assertThat(r.get(0).bytes).isEqualTo(8192);
        assertThat(r.get(2).op).isEqualTo(Operation.DISCARD);
        assertThat(r.get(2).bytes).isEqualTo(2048 * 512);
        assertThat(r.get(3).error).isZero(); // the tracepoint's error is not a record field we keep
        assertThat(r.get(5).device).isEqualTo(IoRecord.device(253, 0));
        assertThat(r.get(5).sector).isEqualTo(500);
        assertThat(r.get(7).op).isEqualTo(Operation.DISCARD); // write zeroes
    }

    @Test
    void malformedBlockEventsNameFileLineAndLayout() throws IOException {
        String prefix = "  fio-77 [000] .... 1.000000: ";
        assertError(prefix + "block_rq_issue: 7,0 WS 4096 () 100 + x be,0,4 [fio]\n", "line 1",
                "block_rq_issue: expected the number of sectors after '+'", "found 'x be,0,4 [fio]'");
        assertError("# header\n" + prefix + "block_rq_issue: 7,0 WS 4096 () 100 [fio]\n", "line 2",
                "expected '+ SECTORS' after the sector", "MAJ,MIN RWBS BYTES (CMD) SECTOR + SECTORS");
        assertError(prefix + "block_rq_issue: 7,0 WS -4096 () 100 + 8 [fio]\n", "line 1",
                "expected the request's size in bytes", "'-4096");
        assertError(prefix + "block_bio_queue: sda W 100 + 8 [fio]\n", "line 1", "expected the device as MAJ,MIN");
        assertError(prefix + "block_bio_queue: 8,0 W 100 + 8\n", "line 1", "expected '[COMM]'");
        assertError(prefix + "block_rq_complete: 8,0 W () 100 + 8 [oops]\n", "line 1", "the error number in brackets");
        assertError(prefix + "block_bio_queue: 8,0 7x 100 + 8 [fio]\n", "line 1", "expected RWBS letters");
        assertError("", "line 1", "the file is empty");
        assertError("\u0001\u0002 garbage [x] 12:\nmore garbage\n", "line 1", "no tracepoint event lines found");
    }

    private void assertError(String text, String... parts) throws IOException {
        Path p = file(text);
        assertThatThrownBy(() -> {
            try (TraceReader in = format.open(p, ReadOptions.STRICT)) {
                readAll(in);
            }
        }).isInstanceOf(TraceFormatException.class).hasMessageStartingWith(p + ": ").hasMessageContainingAll(parts);
    }

    @Test
    void lenientModeCountsMalformedEventsAndKeepsTheRest() throws IOException {
        String prefix = "  fio-77 [000] .... 1.000000: ";
        Path p = file(prefix + "block_bio_queue: 8,0 W 100 + 8 [fio]\n"
                + prefix + "block_bio_queue: 8,0 W 100 + [fio]\n"
                + "prose line\n"
                + prefix + "block_rq_issue: 8,0 W 4096 () 100 + 8 [fio]\n");
        try (TraceReader in = format.open(p, ReadOptions.LENIENT)) {
            assertThat(readAll(in)).extracting(x -> x.kind).containsExactly(EventKind.QUEUE, EventKind.ISSUE);
            assertThat(in.skipped()).isEqualTo(1);
            assertThat(in.ignored()).isEqualTo(1);
            assertThat(in.skippedSummary()).contains("line 2");
        }
    }

    @Test
    void sniffingRejectsOtherFormats() {
        byte[] blkparse = "  8,0    3       11     0.009507758   697  D  WS 1165920 + 8 [kworker/3:1H]\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(format.sniff(dir, blkparse, blkparse.length)).isFalse();
        byte[] fio = "fio version 3 iolog\n1 /a add\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(format.sniff(dir, fio, fio.length)).isFalse();
        byte[] prose = "Tracing block:block_rq_issue. Ctrl-C to end.\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(format.sniff(dir, prose, prose.length)).isFalse();
    }
}
