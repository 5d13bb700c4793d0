package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.nio.file.Path;

/** blkparse's default text output ({@code blkparse -i NAME > out.txt}), read only. */
public final class BlkparseTextFormat implements TraceFormat {
    @Override
    public String name() {
        return "blkparse";
    }

    @Override
    public String description() {
        return "blkparse default text output (e.g. '  8,0    3   11   0.009507758   697  D  WS 1165920 + 8 [kworker/3:1H]'), read";
    }

    /** The first line that is not blank or an "Input file ... added" banner parses as a blkparse event. */
    @Override
    public boolean sniff(Path file, byte[] head, int length) {
        BlkparseLine parser = new BlkparseLine();
        IoRecord scratch = new IoRecord();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && head[end] != '\n') {
                end++;
            }
            if (end == length && length == head.length) {
                return false; // a line cut off by the sniff window
            }
            int lineEnd = end > start && head[end - 1] == '\r' ? end - 1 : end;
            if (!isBlankOrBanner(head, start, lineEnd)) {
                return parser.parse(head, start, lineEnd, scratch) != BlkparseLine.MALFORMED;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isBlankOrBanner(byte[] b, int start, int end) {
        String banner = "Input file ";
        if (end - start >= banner.length()) {
            boolean match = true;
            for (int i = 0; i < banner.length() && match; i++) {
                match = b[start + i] == banner.charAt(i);
            }
            if (match) {
                return true;
            }
        }
        for (int i = start; i < end; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new BlkparseTextReader(file, options);
    }
}
