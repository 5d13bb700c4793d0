package io.wbreplay.reports;

import io.wbreplay.replay.metrics.SummaryKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison as plain text for a mail, in the shape of mmtests' compare-kernels: per group one
 * column per strategy, per metric an {@code Amean} row with the gain over the baseline in percent
 * (positive is better; for metrics with no better direction, the change) and a significance mark, a
 * {@code Stddev} row when cells ran more than once, then the vmstat counters and the verdict.
 */
public final class TextReport {
    /** Metrics of the short table the terminal shows after a run. */
    static final List<String> HEADLINE = List.of(SummaryKeys.path(SummaryKeys.STALL_NS, SummaryKeys.TOTAL),
            SummaryKeys.path(SummaryKeys.STALL_NS, SummaryKeys.P99), SummaryKeys.path(SummaryKeys.D2D, SummaryKeys.MEAN),
            SummaryKeys.path(SummaryKeys.IO_SIZE, SummaryKeys.MEAN), SummaryKeys.WRITE_DISPATCHES, Metric.HAZARDS_TOTAL);

    private TextReport() {
    }

    /** Every group with every metric, the vmstat table and the verdict. */
    public static String full(Comparison cmp, ReportInfo info) {
        return render(cmp, info, Metric.TABLE, true);
    }

    /** Every group with the headline metrics only and the verdict. */
    public static String brief(Comparison cmp, ReportInfo info) {
        List<Metric> ms = new ArrayList<>();
        HEADLINE.forEach(k -> ms.add(Metric.byKey(k)));
        return render(cmp, info, ms, false);
    }

    private static String render(Comparison cmp, ReportInfo info, List<Metric> metrics, boolean vmstat) {
        StringBuilder b = new StringBuilder();
        int runs = cmp.runs();
        b.append("baseline ").append(cmp.baseline()).append("; ").append(runs).append(runs == 1 ? " run" : " runs").append(" per cell");
        if (runs > 1) {
            b.append(" (varied: ").append(info.variation() == null ? "see report.json" : info.variation()).append(")\n")
                    .append("Amean: mean over the runs, (gain over the baseline, positive is better); "
                            + "* = significant, Welch's t-test p < 0.05; ~ = within noise\n");
        } else {
            b.append("\nAmean: the single run's value, (gain over the baseline, positive is better); no test with one run\n");
        }
        b.append("! = run cut short (deadlock or no progress): its numbers cover only what ran\n");
        for (Map.Entry<String, List<Cell>> g : cmp.groups().entrySet()) {
            List<Cell> cells = g.getValue();
            b.append('\n').append(g.getKey()).append('\n');
            List<String[]> rows = new ArrayList<>();
            String[] head = new String[cells.size() + 2];
            head[0] = "";
            head[1] = "";
            for (int i = 0; i < cells.size(); i++) {
                head[i + 2] = cells.get(i).strategy() + (cmp.cutShort(cells.get(i)) != null ? " !" : "");
            }
            rows.add(head);
            for (Metric m : metrics) {
                String[] mean = new String[cells.size() + 2];
                String[] sd = new String[cells.size() + 2];
                mean[0] = m.title();
                mean[1] = "Amean";
                sd[0] = "";
                sd[1] = "Stddev";
                for (int i = 0; i < cells.size(); i++) {
                    Cell c = cells.get(i);
                    SampleStats st = cmp.stats(c, m);
                    mean[i + 2] = (st.n() == 0 ? "n/a" : Metric.format(st.mean())) + gain(cmp, c, m, st);
                    sd[i + 2] = st.n() > 1 ? Metric.format(st.sd()) : "";
                }
                rows.add(mean);
                if (runs > 1) {
                    rows.add(sd);
                }
            }
            if (vmstat) {
                for (Explain.Row r : Explain.VMSTAT) {
                    String[] row = new String[cells.size() + 2];
                    row[0] = "Ops " + r.name();
                    row[1] = "";
                    for (int i = 0; i < cells.size(); i++) {
                        double v = Explain.mean(r, cmp.sample(cells.get(i)));
                        row[i + 2] = Double.isNaN(v) ? "n/a" : Metric.format(v);
                    }
                    rows.add(row);
                }
            }
            b.append(columns(rows));
            for (Cell c : cells) {
                String flag = cmp.cutShort(c);
                if (flag != null) {
                    b.append("! ").append(c.strategy()).append(": ").append(flag).append('\n');
                }
            }
            for (String s : GroupSummary.sentences(cmp, cells)) {
                b.append(s).append('\n');
            }
            int k = 1;
            for (GroupSummary.Place p : GroupSummary.ranking(cmp, cells)) {
                b.append(k++).append(". ").append(p.line()).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code (  12.34%)*}: the gain over the baseline, as compare-kernels prints it, and the test's mark. */
    private static String gain(Comparison cmp, Cell c, Metric m, SampleStats st) {
        Cell base = cmp.baselineOf(c);
        if (base == null || st.n() == 0) {
            return "";
        }
        String mark = "";
        if (c != base) {
            double p = cmp.pValue(c, m);
            mark = Double.isNaN(p) ? "" : p < SampleStats.ALPHA ? "*" : "~";
        }
        double bm = cmp.stats(base, m).mean();
        if (Double.isNaN(bm) || bm == 0) {
            return (st.mean() == bm ? " (   0.00%)" : " (    n/a )") + (mark.isEmpty() ? " " : mark);
        }
        double change = c == base ? 0 : (st.mean() - bm) / Math.abs(bm) * 100;
        double g = (m.better() == Metric.Better.LOWER ? -change : change) + 0.0; // + 0.0: no "-0.00%"
        return String.format(Locale.ROOT, " (%7.2f%%)%s", g, mark.isEmpty() ? " " : mark);
    }

    private static String columns(List<String[]> rows) {
        int n = rows.get(0).length;
        int[] w = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            line.append(r[0]).append(" ".repeat(w[0] - r[0].length())).append("  ")
                    .append(r[1]).append(" ".repeat(w[1] - r[1].length()));
            for (int i = 2; i < n; i++) {
                line.append("  ").append(" ".repeat(w[i] - r[i].length())).append(r[i]);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
