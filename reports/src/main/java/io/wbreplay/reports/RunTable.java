package io.wbreplay.reports;

import java.util.List;

/**
 * The side-by-side table of {@link Metric#TABLE} as terminal text: one row per metric, one column per
 * run (strategies side by side read down the columns), values in display units.
 */
public final class RunTable {
    private RunTable() {
    }

    /** The table of {@code runs}, headed by {@code names} (one per run). */
    public static String text(List<String> names, List<RunDirectory> runs) {
        if (names.size() != runs.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + runs.size() + " runs");
        }
        String[][] cells = new String[Metric.TABLE.size() + 1][runs.size() + 1];
        cells[0][0] = "";
        for (int c = 0; c < runs.size(); c++) {
            cells[0][c + 1] = names.get(c);
        }
        for (int r = 0; r < Metric.TABLE.size(); r++) {
            Metric m = Metric.TABLE.get(r);
            cells[r + 1][0] = m.title();
            for (int c = 0; c < runs.size(); c++) {
                String v = Metric.format(m.value(runs.get(c)));
                cells[r + 1][c + 1] = v.isEmpty() ? "n/a" : v;
            }
        }
        int[] width = new int[runs.size() + 1];
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : cells) {
            b.append(pad(row[0], width[0], false));
            for (int c = 1; c < row.length; c++) {
                b.append("  ").append(pad(row[c], width[c], true));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
