package io.wbreplay.traces.blktrace;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextLineReader;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import java.io.ByteArrayInputStream;
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
        int whole = length;
        if (length == head.length) { // the sniff window may cut the last line: leave it out
            while (whole > 0 && head[whole - 1] != '\n') {
                whole--;
            }
        }
        BlkparseLine parser = new BlkparseLine();
        IoRecord scratch = new IoRecord();
        try (TextLineReader lines = new TextLineReader(new ByteArrayInputStream(head, 0, whole))) {
            while (lines.next()) {
                TextLine line = lines.line();
                if (!line.isBlank() && !line.startsWith(BlkparseTextReader.INPUT_BANNER)) {
                    return parser.parse(line, scratch) != BlkparseLine.MALFORMED;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new BlkparseTextReader(file, options);
    }
}
