package io.wbreplay.traces.dataset;

import io.wbreplay.traces.IoRecord;
import io.wbreplay.traces.TextLine;
import io.wbreplay.traces.TextLineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/** Format detection for the dataset CSVs: the first data row (after an optional header) must parse. */
final class Sniffing {
    private Sniffing() {
    }

    static boolean firstRowParses(byte[] head, int length, Predicate<CommaFields> isHeader,
                                  BiFunction<CommaFields, IoRecord, String> parseRow) {
        CommaFields f = new CommaFields();
        try (TextLineReader lines = new TextLineReader(new ByteArrayInputStream(head, 0, length))) {
            while (lines.next()) {
                TextLine line = lines.line();
                if (line.isBlank()) {
                    continue;
                }
                f.split(line);
                if (lines.number() == 1 && isHeader.test(f)) {
                    continue;
                }
                return parseRow.apply(f, new IoRecord()) == null;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
