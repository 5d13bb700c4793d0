package io.wbreplay.reports;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null) {
                return EMPTY;
            }
            String[] cols = header.split(",", -1);
            double[][] vals = new double[cols.length][64];
            int rows = 0;
            String line;
            long lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != cols.length) {
                    throw new IOException(file + ": line " + lineNo + ": expected " + cols.length + " columns, found " + f.length);
                }
                if (rows == vals[0].length) {
                    for (int c = 0; c < cols.length; c++) {
                        vals[c] = Arrays.copyOf(vals[c], rows * 2);
                    }
                }
                for (int c = 0; c < cols.length; c++) {
                    try {
                        vals[c][rows] = Double.parseDouble(f[c]);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ": line " + lineNo + ": expected a number in column " + cols[c] + ", found '" + f[c] + "'");
                    }
                }
                rows++;
            }
            for (int c = 0; c < cols.length; c++) {
                vals[c] = Arrays.copyOf(vals[c], rows);
            }
            return new TimeSeries(cols, vals);
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
