package io.wbreplay.traces.csv;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.MalformedRecords;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceInput;
import io.wbreplay.traces.TextLineReader;
import io.wbreplay.traces.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.FilterReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@link WbreplayCsvFormat}. File ids are given in order of first appearance, so a trace whose
 * files first appear as f0, f1, ... reads back with the same ids.
 */
final class WbreplayCsvReader implements TraceReader {
    private static final int COLUMNS = WbreplayCsvFormat.COLUMNS.size();
    private static final EventKind[] KINDS = EventKind.values();
    private static final Operation[] OPS = Operation.values();
    private static final String NOT_UTF8 = "\uFFFF";

    private final Path file;
    private final MalformedRecords malformed;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> fileIds = new HashMap<>();
    private final List<String> fileNames = new ArrayList<>();
    /** The line the previous record ended on: the next one starts after it. */
    private long lineBefore;

    WbreplayCsvReader(Path file, ReadOptions options) throws IOException {
        this.file = file;
        this.malformed = new MalformedRecords(file, options);
        // a byte that is not UTF-8 becomes U+FFFF (a noncharacter, never in text) and makes its row
        // malformed (lenient mode skips it)
        BufferedReader in = new BufferedReader(new LineLimit(file, new InputStreamReader(TraceInput.open(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(NOT_UTF8))));
        this.parser = CSVParser.builder().setReader(in).setFormat(WbreplayCsvFormat.CSV).get();
        this.records = parser.iterator();
        CSVRecord header = nextRecord();
        if (header == null || !header.toList().equals(WbreplayCsvFormat.COLUMNS)) {
            parser.close();
            throw TraceFormatException.atLine(file, 1, "expected the header " + WbreplayCsvFormat.HEADER);
        }
        lineBefore = parser.getCurrentLineNumber();
    }

    private CSVRecord nextRecord() throws TraceFormatException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof TraceFormatException t) {
                throw t;
            }
            // commons-csv reports broken quoting this way
            throw TraceFormatException.atLine(file, lineBefore + 1, "unreadable CSV: " + e.getCause().getMessage());
        }
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        CSVRecord row;
        while ((row = nextRecord()) != null) {
            long line = lineBefore + 1;
            lineBefore = parser.getCurrentLineNumber();
            String problem = parse(row, into.clear());
            if (problem == null) {
                return true;
            }
            malformed.atLine(line, problem);
        }
        return false;
    }

    /** Fills {@code r} from {@code row}; returns what is wrong, or null. */
    private String parse(CSVRecord row, IoRecord r) {
        for (int i = 0; i < row.size(); i++) {
            if (row.get(i).contains(NOT_UTF8)) {
                return WbreplayCsvFormat.COLUMNS.get(Math.min(i, COLUMNS - 1)) + ": expected UTF-8 text, found a byte that is not";
            }
        }
        if (row.size() != COLUMNS) {
            return "expected " + COLUMNS + " columns (" + WbreplayCsvFormat.HEADER + "), found " + row.size();
        }
        try {
            r.timeNs = signedNumber(row, 0); // a tracepoint file joining several runs has times before its first
            r.kind = KINDS[constant(row.get(1), KINDS, "kind")];
            r.op = OPS[constant(row.get(2), OPS, "op")];
            r.pid = intNumber(row, 3);
            r.cpu = intNumber(row, 4);
            String device = row.get(5);
            String name = row.get(7);
            if (!name.isEmpty() && device.isEmpty()) {
                if (!row.get(6).isEmpty()) {
                    return "a file-level row (file '" + name + "') has a sector";
                }
                r.file = fileId(name);
                r.offset = number(row, 8);
            } else if (name.isEmpty() && !device.isEmpty()) {
                if (!row.get(8).isEmpty()) {
                    return "a sector-level row (device " + device + ") has a file offset";
                }
                r.device = device(device);
                r.sector = number(row, 6);
            } else {
                return "expected either device and sector, or file and offset";
            }
            r.bytes = number(row, 9);
            r.flags = WbreplayCsvFormat.parseFlags(row.get(10));
            if (r.flags < 0) {
                return "flags: expected letters from SMFPA, found '" + row.get(10) + "'";
            }
            r.error = intNumber(row, 11);
            return r.isFileLevel() ? IoRecord.fileRangeProblem(r.offset, r.bytes) : IoRecord.sectorRangeProblem(r.sector, r.bytes);
        } catch (BadField e) {
            return e.getMessage();
        }
    }

    private int fileId(String name) {
        Integer id = fileIds.get(name);
        if (id == null) {
            id = fileNames.size();
            fileIds.put(name, id);
            fileNames.add(name);
        }
        return id;
    }

    private static long number(CSVRecord row, int column) throws BadField {
        String s = row.get(column);
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new BadField(WbreplayCsvFormat.COLUMNS.get(column) + ": expected a number >= 0, found " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadField(WbreplayCsvFormat.COLUMNS.get(column) + ": expected a whole number, found '" + s + "'");
        }
    }

    private static long signedNumber(CSVRecord row, int column) throws BadField {
        try {
            return Long.parseLong(row.get(column));
        } catch (NumberFormatException e) {
            throw new BadField(WbreplayCsvFormat.COLUMNS.get(column) + ": expected a whole number, found '" + row.get(column) + "'");
        }
    }

    private static int intNumber(CSVRecord row, int column) throws BadField {
        long v = number(row, column);
        if (v > Integer.MAX_VALUE) {
            throw new BadField(WbreplayCsvFormat.COLUMNS.get(column) + ": expected a number below 2^31, found " + v);
        }
        return (int) v;
    }

    private static int constant(String s, Enum<?>[] values, String column) throws BadField {
        for (Enum<?> v : values) {
            if (v.name().equals(s)) {
                return v.ordinal();
            }
        }
        StringBuilder known = new StringBuilder();
        for (Enum<?> v : values) {
            known.append(known.length() == 0 ? "" : ", ").append(v.name());
        }
        throw new BadField(column + ": expected one of " + known + ", found '" + s + "'");
    }

    private static int device(String s) throws BadField {
        int colon = s.indexOf(':');
        try {
            int major = Integer.parseInt(s.substring(0, Math.max(colon, 0)));
            int minor = Integer.parseInt(s.substring(colon + 1));
            if (colon > 0 && major >= 0 && major < 4096 && minor >= 0 && minor < (1 << 20)) {
                return IoRecord.device(major, minor);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadField("device: expected MAJOR:MINOR, found '" + s + "'");
    }

    @Override
    public long skipped() {
        return malformed.skipped();
    }

    @Override
    public String skippedSummary() {
        return malformed.summary();
    }

    @Override
    public String fileName(int id) {
        return id >= 0 && id < fileNames.size() ? fileNames.get(id) : null;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Fails on a line longer than {@link TextLineReader#MAX_LINE} characters, so that a binary file or
     * /dev/zero read as CSV ends with an error instead of filling the heap.
     */
    private static final class LineLimit extends FilterReader {
        private final Path file;
        private long line = 1;
        private int length;

        LineLimit(Path file, Reader in) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = in.read(cbuf, off, len);
            for (int i = off; i < off + n; i++) {
                if (cbuf[i] == '\n') {
                    line++;
                    length = 0;
                } else if (++length > TextLineReader.MAX_LINE) {
                    throw TraceFormatException.atLine(file, line, "a line longer than " + (TextLineReader.MAX_LINE >> 20)
                            + " MiB; expected CSV text (is the file binary?)");
                }
            }
            return n;
        }
    }

    /** A field that does not parse; its message says which and why. */
    private static final class BadField extends Exception {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
