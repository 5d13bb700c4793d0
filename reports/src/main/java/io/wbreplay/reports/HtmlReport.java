package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import java.util.List;
import java.util.Map;

/** index.html: one self-contained page (local images only, no scripts, no network). */
public final class HtmlReport {
    private static final String STRATEGY_COUNTER_PREFIX = STRATEGY_COUNTERS + ".";
    private static final String STYLE = """
            body{font-family:sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
            h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
            .scroll{max-width:100%;overflow-x:auto}
            table{border-collapse:collapse;font-size:.85em;margin:1em 0}
            th,td{border:1px solid #ccc;padding:.3em .5em;text-align:right;vertical-align:top}
            th{background:#f3f3f3;vertical-align:bottom}td.name,th.name{text-align:left}
            td.best{background:#e3f4e3;font-weight:bold}
            .ratio,.ci,.def{display:block;color:#666;font-size:.85em;font-weight:normal}
            .def{max-width:22em;white-space:normal}
            .sig{color:#000;font-weight:bold}
            th.flagged,td.flagged{background:#fbe3e3}
            .flag{display:block;color:#a00;font-size:.85em;font-weight:normal;white-space:normal;max-width:14em}
            .verdict{background:#f7f9fc;border-left:4px solid #0072B2;padding:.5em 1em}
            img{max-width:100%;height:auto;border:1px solid #eee;margin:.5em 0}
            pre{background:#f6f6f6;padding:.8em;overflow-x:auto;white-space:pre-wrap}
            nav ul{columns:2 20em}nav li{break-inside:avoid}
            .hazard{color:#a00}
            """;

    private HtmlReport() {
    }

    public static String render(ReportInfo info, Comparison comparison, List<String> slugs,
                         List<JmhResults.Row> jmh, List<String> jmhCharts) {
        StringBuilder h = new StringBuilder(65_536);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Html.escape(info.title())).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n");
        h.append("<h1>").append(Html.escape(info.title())).append("</h1>\n");
        int runs = comparison.runs();
        h.append("<p>Strategies: ").append(Html.escape(String.join(", ", comparison.strategies())))
                .append(". The baseline is <b>").append(Html.escape(comparison.baseline())).append("</b>")
                .append(comparison.baseline().equals("no-reclaim-writeback") ? " (today's kernel: reclaim never writes)" : "")
                .append(": every ratio (×) is a strategy's mean divided by the baseline's. ");
        if (runs > 1) {
            h.append("Each cell ran <b>").append(runs).append(" times</b> with different seeds (varied: ")
                    .append(Html.escape(info.variation() == null ? "see report.json" : info.variation()))
                    .append("); values are mean ± standard deviation with the 95 % confidence interval of the mean below. ")
                    .append("A difference from the baseline is tested with <b>Welch's t-test</b> (two-sided, unequal variances): ")
                    .append("<span class=\"sig\">*</span> marks p &lt; 0.05, <i>~</i> a difference within noise. ")
                    .append("A value is shaded only if it is the best and significantly better than every other run that went to the end.");
        } else {
            h.append("Each cell ran once: the simulation is deterministic, so there is no spread to test a difference against, "
                    + "and nothing is shaded best. <code>--runs 5</code> repeats each cell with varied seeds and marks significant differences.");
        }
        h.append(" Runs cut short (deadlock, no progress) are flagged in red and never shaded. A metric without data reads n/a. "
                + "Data: <a href=\"summary.csv\">summary.csv</a>.</p>\n");
        h.append("<nav><h2>Contents</h2><ul>\n<li><a href=\"#configuration\">Configuration</a></li>\n");
        int g = 0;
        for (String group : comparison.groups().keySet()) {
            h.append("<li><a href=\"#").append(slugs.get(g++)).append("\">").append(Html.escape(group)).append("</a></li>\n");
        }
        if (!jmh.isEmpty()) {
            h.append("<li><a href=\"#jmh\">JMH benchmarks</a></li>\n");
        }
        h.append("<li><a href=\"#reproduce\">Reproduce</a></li>\n</ul></nav>\n");
        h.append("<h2 id=\"configuration\">Configuration</h2>\n<div class=\"scroll\"><table>\n");
        Map<String, String> conf = new java.util.LinkedHashMap<>(info.configuration());
        conf.put("baseline", comparison.baseline());
        conf.put("runs per cell", Integer.toString(runs));
        if (info.variation() != null) {
            conf.put("varied between runs", info.variation());
        }
        if (info.version() != null) {
            conf.put("tool", info.version() + (info.commit() == null ? "" : ", commit " + info.commit()));
        }
        for (Map.Entry<String, String> e : conf.entrySet()) {
            h.append("<tr><th class=\"name\">").append(Html.escape(e.getKey())).append("</th><td class=\"name\">")
                    .append(Html.escape(e.getValue())).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
        g = 0;
        for (Map.Entry<String, List<Cell>> group : comparison.groups().entrySet()) {
            String slug = slugs.get(g++);
            List<Cell> cells = group.getValue();
            h.append("<h2 id=\"").append(slug).append("\">").append(Html.escape(group.getKey())).append("</h2>\n");
            summary(h, comparison, cells);
            table(h, comparison, cells);
            chart(h, slug, ChartKind.STALL_CAUSES, group.getKey(), "<h3>Why the writers stall</h3>\n<p>A writer stalls when it "
                    + "cannot go on to its next record. Causes: " + definitions(Explain.STALL_CAUSES) + ".</p>\n");
            chart(h, slug, ChartKind.PAGES_BY_ORIGIN, group.getKey(), "<h3>Who wrote the pages</h3>\n<p>"
                    + definitions(Explain.ORIGINS) + ".</p>\n");
            vmstat(h, comparison, cells);
            hazards(h, cells);
            strategyCounters(h, cells);
            h.append("<h3>Distributions and timelines</h3>\n");
            if (runs > 1) {
                h.append("<p>The charts below show the first run of each strategy.</p>\n");
            }
            chart(h, slug, ChartKind.STALLS_OVER_TIME, group.getKey(), "<p>Stalls over time: the stall time of the stalls that "
                    + "ended in each interval, per second of run (16 writers stalled all the time would read 16).</p>\n");
            chart(h, slug, ChartKind.SEEK_CDF, group.getKey(), "<p>Seeks are btt's D2D distances between consecutive dispatches, "
                    + "in 512-byte sectors; a curve further left and higher is more sequential.</p>\n");
            chart(h, slug, ChartKind.IO_SIZE, group.getKey(), "");
            chart(h, slug, ChartKind.STALL_SPECTRUM, group.getKey(), "<p>The stall length at each percentile; "
                    + "a strategy whose stalls are identical to an earlier one's is named with it.</p>\n");
            chart(h, slug, ChartKind.DISPATCH_SCATTER, group.getKey(), "<p>Each dot is a request the disk served, coloured by who "
                    + "submitted it (the dispatch log's pid): reclaim, the flusher, a flusher pageout work, the writer itself, or a read.</p>\n");
            chart(h, slug, ChartKind.DIRTY_WRITEBACK, group.getKey(), "");
        }
        if (!jmh.isEmpty()) {
            jmhSection(h, jmh, jmhCharts);
        }
        h.append("<h2 id=\"reproduce\">Reproduce</h2>\n<p>Seed ").append(info.seed())
                .append(runs > 1 ? " (run k of a cell uses seed " + info.seed() + " + k - 1)" : "")
                .append(". Same trace, configuration and seed give the same numbers");
        if (info.version() != null) {
            h.append(" (").append(Html.escape(info.version())).append(info.commit() == null ? "" : ", commit " + Html.escape(info.commit())).append(')');
        }
        h.append(":</p>\n<pre>").append(Html.escape(info.command())).append("</pre>\n");
        if (info.sweep() != null) {
            h.append("<p>The sweep file it read:</p>\n<pre>").append(Html.escape(info.sweep())).append("</pre>\n");
        }
        h.append("<p>The simulated dispatch streams are in blktrace format, gzipped, in each cell's directory "
                + "(<code>cells/*/dispatch.blktrace.0.gz</code>): <code>zcat DIR/dispatch.blktrace.0.gz | blkparse -i -</code>; "
                + "<code>btt</code> and <code>iowatcher</code> read the file <code>gunzip</code> gives back.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String definitions(List<Explain.Row> rows) {
        StringBuilder b = new StringBuilder();
        for (Explain.Row r : rows) {
            b.append(b.length() == 0 ? "" : "; ").append("<b>").append(Html.escape(r.name())).append("</b>: ").append(Html.escape(r.definition()));
        }
        return b.toString();
    }

    private static void chart(StringBuilder h, String slug, ChartKind kind, String group, String before) {
        String file = ChartKind.DIR + "/" + slug + "-" + kind.file;
        h.append(before);
        h.append("<figure><img src=\"").append(file).append(".png\" alt=\"").append(Html.escape(kind.title + " — " + group))
                .append("\" loading=\"lazy\">");
        if (kind.svg) {
            h.append("<figcaption><a href=\"").append(file).append(".svg\">SVG</a></figcaption>");
        }
        h.append("</figure>\n");
    }

    /** The plain-language opening and the ranking, computed from the numbers. */
    private static void summary(StringBuilder h, Comparison comparison, List<Cell> cells) {
        h.append("<div class=\"verdict\"><p>");
        for (String s : GroupSummary.sentences(comparison, cells)) {
            h.append(Html.escape(s)).append(' ');
        }
        h.append("</p>\n<p>Ranking (runs that went to the end and without hazards first, each by total stall time):</p>\n<ol>\n");
        for (GroupSummary.Place p : GroupSummary.ranking(comparison, cells)) {
            h.append(p.flag() != null ? "<li class=\"hazard\">" : "<li>").append(Html.escape(p.line())).append("</li>\n");
        }
        h.append("</ol></div>\n");
    }

    /** The side-by-side table in compare-kernels' shape: one row per metric, one column per strategy. */
    private static void table(StringBuilder h, Comparison comparison, List<Cell> cells) {
        h.append("<div class=\"scroll\"><table class=\"summary\">\n<thead><tr><th class=\"name\">metric</th>");
        for (Cell c : cells) {
            String flag = comparison.cutShort(c);
            h.append(flag != null ? "<th class=\"flagged\">" : "<th>").append(Html.escape(c.strategy()));
            if (c.strategy().equals(comparison.baseline())) {
                h.append("<span class=\"ratio\">baseline</span>");
            }
            if (flag != null) {
                h.append("<span class=\"flag\">⚠ ").append(Html.escape(flag)).append("</span>");
            }
            h.append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (Metric m : Metric.TABLE) {
            int best = comparison.best(cells, m);
            h.append("<tr><td class=\"name\">").append(Html.escape(m.title())).append("<span class=\"def\">")
                    .append(Html.escape(m.definition())).append("</span></td>");
            for (int i = 0; i < cells.size(); i++) {
                Cell c = cells.get(i);
                SampleStats st = comparison.stats(c, m);
                String cls = best == i ? "best" : comparison.cutShort(c) != null ? "flagged" : "";
                h.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">").append(Comparison.meanSd(st));
                if (st.n() > 1 && st.sd() > 0) { // every run the same: the interval is the value itself
                    h.append("<span class=\"ci\">95% CI ").append(Metric.format(st.ciLow())).append(" – ")
                            .append(Metric.format(st.ciHigh())).append("</span>");
                }
                double r = comparison.ratio(c, m);
                if (!Double.isNaN(r) && !c.strategy().equals(comparison.baseline())) {
                    double p = comparison.pValue(c, m);
                    h.append("<span class=\"ratio\">×").append(Metric.format(r));
                    if (!Double.isNaN(p)) {
                        h.append(p < SampleStats.ALPHA ? " <span class=\"sig\">*</span> " : " <i>~</i> ").append(Html.escape(Comparison.formatP(p)));
                    }
                    h.append("</span>");
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    /** The vmstat counters as mmtests prints them (means over the runs). */
    private static void vmstat(StringBuilder h, Comparison comparison, List<Cell> cells) {
        h.append("<h3>vmstat</h3>\n<div class=\"scroll\"><table class=\"vmstat\">\n<thead><tr><th class=\"name\">counter</th>");
        for (Cell c : cells) {
            h.append("<th>").append(Html.escape(c.strategy())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (Explain.Row row : Explain.VMSTAT) {
            h.append("<tr><td class=\"name\">").append(Html.escape(row.name())).append("<span class=\"def\">")
                    .append(Html.escape(row.definition())).append("</span></td>");
            for (Cell c : cells) {
                double v = Explain.mean(row, comparison.sample(c));
                h.append("<td>").append(Double.isNaN(v) ? "n/a" : Metric.format(v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    private static void hazards(StringBuilder h, List<Cell> cells) {
        StringBuilder items = new StringBuilder();
        for (Cell c : cells) {
            for (Map.Entry<String, Object> e : c.run().summary().entrySet()) {
                if (e.getKey().startsWith(HAZARDS + ".") && e.getValue() instanceof Number && ((Number) e.getValue()).longValue() > 0) {
                    String kind = e.getKey().substring(HAZARDS.length() + 1);
                    String first = c.run().text(path(HAZARD_FIRST, kind, DESCRIPTION));
                    items.append("<li class=\"hazard\"><b>").append(Html.escape(c.strategy())).append("</b>: ")
                            .append(e.getValue()).append(" × ").append(Html.escape(kind));
                    if (first != null) {
                        double at = c.run().number(path(HAZARD_FIRST, kind, TIME_NS)) / 1e9;
                        items.append(" — first at ").append(Metric.format(at)).append(" s by ")
                                .append(Html.escape(String.valueOf(c.run().text(path(HAZARD_FIRST, kind, TASK)))))
                                .append(": ").append(Html.escape(first));
                    }
                    items.append("</li>\n");
                }
            }
        }
        h.append("<h3>Hazards</h3>\n");
        if (items.length() == 0) {
            h.append("<p>No hazard was detected in this group.</p>\n");
        } else {
            h.append("<ul>\n").append(items).append("</ul>\n");
        }
    }

    /** The strategies' own counters (the pageout work queue's), for the cells that have any. */
    private static void strategyCounters(StringBuilder h, List<Cell> cells) {
        StringBuilder items = new StringBuilder();
        for (Cell c : cells) {
            StringBuilder line = new StringBuilder();
            for (Map.Entry<String, Object> e : c.run().summary().entrySet()) {
                if (e.getKey().startsWith(STRATEGY_COUNTER_PREFIX) && e.getValue() instanceof Number) {
                    line.append(line.length() == 0 ? "" : ", ").append(Html.escape(e.getKey().substring(STRATEGY_COUNTER_PREFIX.length())))
                            .append(' ').append(e.getValue());
                }
            }
            if (line.length() > 0) {
                items.append("<li><b>").append(Html.escape(c.strategy())).append("</b>: ").append(line).append("</li>\n");
            }
        }
        if (items.length() > 0) {
            h.append("<h3>Strategy counters</h3>\n<ul>\n").append(items).append("</ul>\n");
        }
    }

    private static void jmhSection(StringBuilder h, List<JmhResults.Row> rows, List<String> charts) {
        h.append("<h2 id=\"jmh\">JMH benchmarks</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th class=\"name\">benchmark</th><th class=\"name\">params</th>"
                + "<th>mode</th><th>score</th><th>error</th><th class=\"name\">unit</th><th class=\"name\">secondary</th></tr></thead>\n<tbody>\n");
        for (JmhResults.Row r : rows) {
            StringBuilder sec = new StringBuilder();
            r.secondary().forEach((k, v) -> sec.append(sec.length() == 0 ? "" : "; ").append(k).append(' ').append(v));
            h.append("<tr><td class=\"name\">").append(Html.escape(r.shortName())).append("</td><td class=\"name\">")
                    .append(Html.escape(r.params())).append("</td><td>").append(Html.escape(r.mode())).append("</td><td>")
                    .append(Metric.format(r.score())).append("</td><td>").append(Double.isNaN(r.error()) ? "" : "± " + Metric.format(r.error()))
                    .append("</td><td class=\"name\">")
                    .append(Html.escape(r.unit())).append("</td><td class=\"name\">").append(Html.escape(sec.toString())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        for (String c : charts) {
            h.append("<figure><img src=\"").append(ChartKind.DIR).append('/').append(c).append(".png\" alt=\"JMH results\"></figure>\n");
        }
    }
}
