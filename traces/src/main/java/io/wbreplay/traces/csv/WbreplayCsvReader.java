package io.wbreplay.traces.csv;

import io.wbreplay.traces.EventKind;
import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.MalformedRecords;
import io.wbreplay.traces.Operation;
import io.wbreplay.traces.ReadOptions;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextLineReader;
import io.wbreplay.traces.TraceFormatException;
import io.wbreplay.traces.TraceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads {@link WbreplayCsvFormat}. File ids are given in order of first appearance, so a trace whose
 * files first appear as f0, f1, ... reads back with the same ids.
 *
 * <p>A row without a double quote (nearly all: only file names with commas, quotes or line breaks are
 * quoted) is split at its commas and parsed in place, bytes to numbers, with no object per field; a row
 * with one (which may span lines) goes through commons-csv. Both give the same records and messages.
 */
final class WbreplayCsvReader implements TraceReader {
    private static final int COLUMNS = WbreplayCsvFormat.COLUMNS.size();
    private static final EventKind[] KINDS = EventKind.values();
    private static final Operation[] OPS = Operation.values();
    private static final byte[][] KIND_NAMES = names(KINDS);
    private static final byte[][] OP_NAMES = names(OPS);

    private final Path file;
    private final MalformedRecords malformed;
    private final TextLineReader lines;
    private final Map<String, Integer> fileIds = new HashMap<>();
    private final List<String> fileNames = new ArrayList<>();
    private final LineRow lineRow = new LineRow();
    private byte[] lastName = new byte[0];
    private int lastNameId = -1;
    /** Whether the lines of the last quoted record were all UTF-8. */
    private boolean quotedUtf8;

    WbreplayCsvReader(Path file, ReadOptions options) throws IOException {
        this.file = file;
        this.malformed = new MalformedRecords(file, options);
        this.lines = TextLineReader.open(file);
        try {
            CSVRecord header = null;
            while (lines.next()) {
                if (lines.line().length() > 0) { // commons-csv skips empty lines
                    header = quotedRecord(lines.line(), lines.number());
                    break;
                }
            }
            if (header == null || !header.toList().equals(WbreplayCsvFormat.COLUMNS)) {
                throw TraceFormatException.atLine(file, 1, "expected the header " + WbreplayCsvFormat.HEADER);
            }
        } catch (IOException | RuntimeException e) {
            lines.close();
            throw e;
        }
    }

    @Override
    public boolean next(IoRecord into) throws IOException {
        while (lines.next()) {
            TextLine line = lines.line();
            if (line.length() == 0) {
                continue;
            }
            long number = lines.number();
            Row row = lineRow.split(line);
            if (row == null) {
                row = new QuotedRow(quotedRecord(line, number));
                if (!quotedUtf8) {
                    malformed.atLine(number, "expected UTF-8 text, found a byte that is not");
                    continue;
                }
            }
            String problem = parse(row, into.clear());
            if (problem == null) {
                return true;
            }
            if (row == lineRow) { // a byte that is not UTF-8 is the problem to name, whatever it broke
                int bad = lineRow.nonUtf8Column();
                if (bad >= 0) {
                    problem = WbreplayCsvFormat.COLUMNS.get(Math.min(bad, COLUMNS - 1)) + ": expected UTF-8 text, found a byte that is not";
                }
            }
            malformed.atLine(number, problem);
        }
        return false;
    }

    /**
     * The record that starts with {@code line} (line {@code number}), read by commons-csv: its lines up
     * to the one that closes the last quote.
     */
    private CSVRecord quotedRecord(TextLine line, long number) throws IOException {
        StringBuilder text = new StringBuilder(line.text(0, line.length()));
        quotedUtf8 = line.isUtf8(0, line.length());
        while (quotes(text) % 2 != 0 && lines.next()) {
            TextLine more = lines.line();
            quotedUtf8 &= more.isUtf8(0, more.length());
            text.append('\n').append(more.text(0, more.length()));
        }
        try (CSVParser p = CSVParser.builder().setReader(new java.io.StringReader(text.toString()))
                .setFormat(WbreplayCsvFormat.CSV).get()) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) {
                throw TraceFormatException.atLine(file, number, "unreadable CSV: expected one record");
            }
            return records.get(0);
        } catch (UncheckedIOException e) {
            // commons-csv reports broken quoting this way
            throw TraceFormatException.atLine(file, number, "unreadable CSV: " + e.getCause().getMessage());
        }
    }

    private static int quotes(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }

    /** Fills {@code r} from {@code row}; returns what is wrong, or null. */
    private String parse(Row row, IoRecord r) {
        if (row.size() != COLUMNS) {
            return "expected " + COLUMNS + " columns (" + WbreplayCsvFormat.HEADER + "), found " + row.size();
        }
        try {
            r.timeNs = row.signedNumber(0); // a tracepoint file joining several runs has times before its first
            r.kind = KINDS[row.constant(1, KINDS, KIND_NAMES, "kind")];
            r.op = OPS[row.constant(2, OPS, OP_NAMES, "op")];
            r.pid = row.intNumber(3);
            r.cpu = row.intNumber(4);
            boolean hasDevice = !row.isEmpty(5);
            boolean hasName = !row.isEmpty(7);
            if (hasName && !hasDevice) {
                if (!row.isEmpty(6)) {
                    return "a file-level row (file '" + row.text(7) + "') has a sector";
                }
                r.file = row.fileId(7);
                r.offset = row.number(8);
            } else if (!hasName && hasDevice) {
                if (!row.isEmpty(8)) {
                    return "a sector-level row (device " + row.text(5) + ") has a file offset";
                }
                r.device = row.device(5);
                r.sector = row.number(6);
            } else {
                return "expected either device and sector, or file and offset";
            }
            r.bytes = row.number(9);
            r.flags = row.flags(10);
            if (r.flags < 0) {
                return "flags: expected letters from SMFPA, found '" + row.text(10) + "'";
            }
            r.error = row.intNumber(11);
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

    /** The fields of one row. */
    private abstract class Row {
        abstract int size();

        abstract String text(int column);

        boolean isEmpty(int column) {
            return text(column).isEmpty();
        }

        long number(int column) throws BadField {
            return WbreplayCsvReader.number(text(column), column);
        }

        long signedNumber(int column) throws BadField {
            String t = text(column);
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new BadField(WbreplayCsvFormat.COLUMNS.get(column) + ": expected a whole number, found '" + t + "'");
            }
        }

        int intNumber(int column) throws BadField {
            long v = number(column);
            if (v > Integer.MAX_VALUE) {
                throw new BadField(WbreplayCsvFormat.COLUMNS.get(column) + ": expected a number below 2^31, found " + v);
            }
            return (int) v;
        }

        int constant(int column, Enum<?>[] values, byte[][] names, String label) throws BadField {
            return WbreplayCsvReader.constant(text(column), values, label);
        }

        int fileId(int column) throws BadField {
            return WbreplayCsvReader.this.fileId(text(column));
        }

        int device(int column) throws BadField {
            return WbreplayCsvReader.device(text(column));
        }

        /** The flag bits, or -1 for an unknown letter. */
        int flags(int column) {
            return WbreplayCsvFormat.parseFlags(text(column));
        }
    }

    /** A row commons-csv parsed. */
    private final class QuotedRow extends Row {
        private final CSVRecord record;

        QuotedRow(CSVRecord record) {
            this.record = record;
        }

        @Override
        int size() {
            return record.size();
        }

        @Override
        String text(int column) {
            return record.get(column);
        }
    }

    /** A row without quotes, its fields the byte ranges between commas of the line. */
    private final class LineRow extends Row {
        private TextLine line;
        private final int[] from = new int[COLUMNS + 1];
        private final int[] to = new int[COLUMNS + 1];
        private final int[] lastConstant = new int[COLUMNS];
        private int size;

        /** Splits {@code line} at its commas; null if it has a double quote (commons-csv reads it). */
        LineRow split(TextLine line) {
            this.line = line;
            int n = 0;
            int start = 0;
            int end = line.length();
            for (int i = 0; i < end; i++) {
                int c = line.charAt(i);
                if (c == ',') {
                    if (n < from.length) {
                        from[n] = start;
                        to[n] = i;
                    }
                    n++;
                    start = i + 1;
                } else if (c == '"') {
                    return null;
                }
            }
            if (n < from.length) {
                from[n] = start;
                to[n] = end;
            }
            size = n + 1;
            return this;
        }

        @Override
        int size() {
            return size;
        }

        /** The first column whose bytes are not UTF-8, or -1. */
        int nonUtf8Column() {
            for (int c = 0; c < Math.min(size, from.length); c++) {
                if (!line.isUtf8(from[c], to[c])) {
                    return c;
                }
            }
            return -1;
        }

        @Override
        String text(int column) {
            return line.text(from[column], to[column]);
        }

        @Override
        boolean isEmpty(int column) {
            return from[column] == to[column];
        }

        @Override
        long number(int column) throws BadField {
            long v = line.unsigned(from[column], to[column]);
            return v != TextLine.NONE ? v : super.number(column); // the message, or a '+' sign Long.parseLong takes
        }

        @Override
        long signedNumber(int column) throws BadField {
            long v = line.unsigned(from[column], to[column]);
            return v != TextLine.NONE ? v : super.signedNumber(column);
        }

        @Override
        int constant(int column, Enum<?>[] values, byte[][] names, String label) throws BadField {
            int last = lastConstant[column]; // rows tend to repeat their kind and operation: try it first
            if (line.regionEquals(from[column], to[column], names[last])) {
                return last;
            }
            for (int i = 0; i < names.length; i++) {
                if (line.regionEquals(from[column], to[column], names[i])) {
                    lastConstant[column] = i;
                    return i;
                }
            }
            return super.constant(column, values, names, label);
        }

        @Override
        int device(int column) throws BadField {
            int colon = line.indexOf(':', from[column]);
            if (colon > from[column] && colon < to[column]) {
                long major = line.unsigned(from[column], colon);
                long minor = line.unsigned(colon + 1, to[column]);
                if (major != TextLine.NONE && minor != TextLine.NONE && major < 4096 && minor < (1 << 20)) {
                    return IoRecord.device((int) major, (int) minor);
                }
            }
            return super.device(column); // the message, or a sign Integer.parseInt takes
        }

        @Override
        int flags(int column) {
            int flags = 0;
            for (int i = from[column]; i < to[column]; i++) {
                int bit = WbreplayCsvFormat.flagBit(line.charAt(i));
                if (bit < 0) {
                    return -1;
                }
                flags |= bit;
            }
            return flags;
        }

        @Override
        int fileId(int column) throws BadField {
            if (lastNameId >= 0 && line.regionEquals(from[column], to[column], lastName)) {
                return lastNameId; // rows of one file tend to come in runs
            }
            if (!line.isUtf8(from[column], to[column])) {
                throw new BadField(WbreplayCsvFormat.COLUMNS.get(column) + ": expected UTF-8 text, found a byte that is not");
            }
            String name = text(column);
            lastNameId = WbreplayCsvReader.this.fileId(name);
            lastName = name.getBytes(StandardCharsets.UTF_8);
            return lastNameId;
        }
    }

    private static byte[][] names(Enum<?>[] values) {
        byte[][] names = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].name().getBytes(StandardCharsets.US_ASCII);
        }
        return names;
    }

    private static long number(String s, int column) throws BadField {
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
        lines.close();
    }

    /** A field that does not parse; its message says which and why. */
    private static final class BadField extends Exception {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
