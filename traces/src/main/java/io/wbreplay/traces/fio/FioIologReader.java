package io.wbreplay.traces.fio;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextTraceReader;
import io.wbreplay.traces.TraceFormatException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads fio iologs, versions 2 and 3 (fio iolog.c: read_iolog()).
 *
 * <p>Each file name gets an id in order of first sight ({@link #fileName(int)}). {@code add} only
 * names a file and is not a record (counted in {@link #ignored()}); {@code open} and {@code close} become
 * OPEN and CLOSE; read, write, sync, datasync and trim become READ, WRITE, FSYNC, FSYNC and DISCARD.
 * Version 3 lines start with a time in microseconds since the job started. Version 2 has no times: a
 * {@code wait} line advances the clock by its OFFSET in microseconds, relative to the previous wait, as
 * fio's HOWTO describes; records take the clock's time. iologs name no process: pid is 0.
 */
final class FioIologReader extends TextTraceReader {
    static final String EXPECTED_HEADER = "expected the header 'fio version 2 iolog' or 'fio version 3 iolog'";

    private final FileNames files = new FileNames();
    private final int version;
    private long clockNs;

    FioIologReader(Path file, ReadOptions options) throws IOException {
        super(file, options);
        try {
            if (!lines.next()) {
                throw emptyFile(EXPECTED_HEADER);
            }
            version = FioIologFormat.version(lines.line());
            if (version == 0) {
                throw TraceFormatException.atLine(file, 1, EXPECTED_HEADER + ", found '" + abbreviate(lines.line()) + "'");
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The iolog version, 2 or 3. */
    int version() {
        return version;
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        while (lines.next()) {
            TextLine line = lines.line();
            if (line.isBlank()) {
                ignoreLine();
                continue;
            }
            String problem = parse(line, into);
            if (problem == null) {
                return true;
            }
            if (!problem.isEmpty()) {
                malformedLine(problem);
            }
        }
        return false;
    }

    /** Fills {@code r} from {@code line}: null for a record, "" for a valid line that is not one, else the problem. */
    private String parse(TextLine line, IoRecord r) {
        line.skipSpaces();
        if (version == 3) {
            long us = line.unsigned();
            if (us == TextLine.NONE || line.skipSpaces() == 0) {
                return "expected a time in microseconds, then a file name; found '" + abbreviate(line) + "'";
            }
            clockNs = us * 1000;
        }
        int nameFrom = line.position();
        line.skipToken();
        int nameTo = line.position();
        if (line.skipSpaces() == 0 || line.atEnd()) {
            return "expected '" + (version == 3 ? "TIME " : "") + "FILE ACTION [OFFSET LENGTH]'; found '" + abbreviate(line) + "'";
        }
        int actionFrom = line.position();
        line.skipToken();
        FioAction action = FioAction.of(line, actionFrom, line.position());
        if (action == null) {
            return "expected an action (" + FioAction.words() + "); found '" + line.text(actionFrom, line.position()) + "'";
        }
        long offset = 0;
        long length = 0;
        if (action.hasRange) {
            line.skipSpaces();
            offset = line.unsigned();
            if (offset == TextLine.NONE) {
                return "expected the offset in bytes (a non-negative integer) after '" + action.name().toLowerCase() + "'"
                        + found(line);
            }
            line.skipSpaces();
            length = line.unsigned();
            if (length == TextLine.NONE) {
                return "expected the length in bytes (a non-negative integer) after the offset" + found(line);
            }
        }
        line.skipSpaces();
        if (!line.atEnd()) {
            return "expected nothing more after '" + action.name().toLowerCase() + (action.hasRange ? " OFFSET LENGTH'" : "'")
                    + found(line);
        }
        if (action == FioAction.WAIT) {
            if (version == 3) {
                return "'wait' is not allowed in a version 3 iolog (its lines carry times)";
            }
            clockNs += offset * 1000;
            ignoreLine();
            return "";
        }
        String range = IoRecord.fileRangeProblem(offset, length);
        if (range != null) {
            return range;
        }
        int file = files.intern(line, nameFrom, nameTo);
        if (action == FioAction.ADD) {
            ignoreLine();
            return "";
        }
        r.clear();
        r.timeNs = clockNs;
        r.kind = EventKind.FILE_OP;
        r.op = action.operation;
        r.file = file;
        r.offset = offset;
        r.bytes = length;
        return null;
    }

    private static String found(TextLine line) {
        int from = line.position();
        line.skipToken();
        return from == line.position() ? "; found the end of the line" : "; found '" + line.text(from, line.position()) + "'";
    }

    static String abbreviate(TextLine line) {
        return line.length() <= 80 ? line.toString() : line.text(0, 77) + "...";
    }

    @Override
    public String fileName(int file) {
        return files.name(file);
    }
}
