package io.wbreplay.traces.dataset;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextTraceReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The loop shared by the dataset CSV readers: one record per line, blank lines and a header on the
 * first line ignored, malformed lines handled by the strict/lenient policy.
 */
abstract class DatasetReader extends TextTraceReader {
    private final CommaFields fields = new CommaFields();

    DatasetReader(Path file, ReadOptions options) throws IOException {
        super(file, options);
    }

    /** The expected row, for messages: "Timestamp,Hostname,...". */
    abstract String layout();

    /** True if line 1 with these fields is a header naming the columns. */
    abstract boolean isHeader(CommaFields f);

    /** Fills {@code r} from the fields; null on success, else what was expected. */
    abstract String parse(CommaFields f, IoRecord r);

    @Override
    public final boolean next(IoRecord into) throws IOException {
        while (lines.next()) {
            TextLine line = lines.line();
            if (line.isBlank()) {
                ignoreLine();
                continue;
            }
            fields.split(line);
            if (lines.number() == 1 && isHeader(fields)) {
                ignoreLine();
                continue;
            }
            into.clear();
            String problem = parse(fields, into);
            if (problem == null) {
                return true;
            }
            malformedLine(problem + " (expected rows '" + layout() + "')");
        }
        if (lines.number() == 0) {
            throw emptyFile("expected rows '" + layout() + "'");
        }
        return false;
    }

    /** "expected N fields, found M". */
    static String columns(CommaFields f, int expected, boolean orMore) {
        return "expected " + expected + (orMore ? " or more" : "") + " comma-separated fields, found " + f.count();
    }

    static String notUnsigned(CommaFields f, int i, String what) {
        return "expected " + what + " (a non-negative integer) in field " + (i + 1) + ", found '" + f.text(i) + "'";
    }
}
