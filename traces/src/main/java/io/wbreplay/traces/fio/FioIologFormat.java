package io.wbreplay.traces.fio;

import io.wbreplay.traces.AtomicOutput;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TraceFormat;
import io.wbreplay.traces.TraceReader;
import io.wbreplay.traces.TraceWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * fio's iolog (fio iolog.c, HOWTO "Trace file format v2/v3"): reads versions 2 and 3, writes version
 * 3, which fio replays with {@code --read_iolog=FILE}. See {@link FioIologReader} and
 * {@link FioIologWriter} for how lines map to records.
 */
public final class FioIologFormat implements TraceFormat {
    private static final byte[] V2 = "fio version 2 iolog".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V3 = "fio version 3 iolog".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "fio-iolog";
    }

    @Override
    public String description() {
        return "fio iolog, versions 2 and 3 (read), version 3 (write)";
    }

    @Override
    public boolean sniff(Path file, byte[] head, int length) {
        int end = 0;
        while (end < length && head[end] != '\n') {
            end++;
        }
        TextLine first = TextLine.of(new String(head, 0, end, StandardCharsets.ISO_8859_1));
        return version(first) != 0;
    }

    /** The version the header line announces (2 or 3), or 0 if it is not an iolog header. */
    static int version(TextLine header) {
        int end = header.length();
        while (end > 0 && (header.charAt(end - 1) == ' ' || header.charAt(end - 1) == '\r')) {
            end--;
        }
        if (header.regionEquals(0, end, V3)) {
            return 3;
        }
        return header.regionEquals(0, end, V2) ? 2 : 0;
    }

    @Override
    public TraceReader open(Path file, ReadOptions options) throws IOException {
        return new FioIologReader(file, options);
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public TraceWriter create(Path file) throws IOException {
        AtomicOutput out = AtomicOutput.create(file);
        try {
            return new FioIologWriter(out);
        } catch (IOException e) {
            out.abandon();
            throw e;
        }
    }
}
