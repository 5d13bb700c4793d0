package io.wbreplay.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A run's {@code timeseries.csv}: a header of column names, then one row of numbers per interval. */
public final class TimeSeries {
    static final TimeSeries EMPTY = new TimeSeries(new String[0], new double[0][]);

    private final String[] columns;
    private final double[][] values; // [column][row]

    private TimeSeries(String[] columns, double[][] values) {
        this.columns = columns;
        this.values = values;
    }

    static TimeSeries read(Path file) throws IOException {
        try (CSVParser in = CSVParser.builder().setPath(file).setCharset(StandardCharsets.UTF_8).setFormat(CSVFormat.DEFAULT).get()) {
            Iterator<CSVRecord> rows = in.iterator();
            if (!rows.hasNext()) {
                return EMPTY;
            }
            String[] cols = rows.next().values();
            double[][] vals = new double[cols.length][64];
            int rowCount = 0;
            while (rows.hasNext()) {
                CSVRecord row = rows.next();
                long lineNo = in.getCurrentLineNumber();
                if (row.size() != cols.length) {
                    throw new IOException(file + ": line " + lineNo + ": expected " + cols.length + " columns, found " + row.size());
                }
                if (rowCount == vals[0].length) {
                    for (int c = 0; c < cols.length; c++) {
                        vals[c] = Arrays.copyOf(vals[c], rowCount * 2);
                    }
                }
                for (int c = 0; c < cols.length; c++) {
                    try {
                        vals[c][rowCount] = Double.parseDouble(row.get(c));
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ": line " + lineNo + ": expected a number in column " + cols[c] + ", found '" + row.get(c) + "'");
                    }
                }
                rowCount++;
            }
            for (int c = 0; c < cols.length; c++) {
                vals[c] = Arrays.copyOf(vals[c], rowCount);
            }
            return new TimeSeries(cols, vals);
        } catch (UncheckedIOException e) { // commons-csv reports broken quoting this way
            throw new IOException(file + ": unreadable CSV: " + e.getCause().getMessage());
        }
    }

    public List<String> columns() {
        return List.of(columns);
    }

    public int rows() {
        return columns.length == 0 ? 0 : values[0].length;
    }

    /** The values of {@code column}, or null if the series has no such column. */
    public double[] column(String column) {
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].equals(column)) {
                return values[c];
            }
        }
        return null;
    }
}
