package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import io.wbreplay.reports.ReportBuilder.ChartKind;
import java.util.List;
import java.util.Map;

/** index.html: one self-contained page (local images only, no scripts, no network). */
final class HtmlReport {
    private static final String STRATEGY_COUNTER_PREFIX = STRATEGY_COUNTERS + ".";
    private static final String STYLE = """
            body{font-family:sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
            h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;font-size:.85em;margin:1em 0}
            th,td{border:1px solid #ccc;padding:.3em .5em;text-align:right}
            th{background:#f3f3f3;vertical-align:bottom}td.name,th.name{text-align:left}
            td.best{background:#e3f4e3;font-weight:bold}
            .ratio{display:block;color:#777;font-size:.85em;font-weight:normal}
            img{max-width:100%;border:1px solid #eee;margin:.5em 0}
            pre{background:#f6f6f6;padding:.8em;overflow-x:auto}
            .hazard{color:#a00}
            """;

    private HtmlReport() {
    }

    static String render(ReportInfo info, Comparison comparison, List<String> slugs,
                         List<JmhResults.Row> jmh, List<String> jmhCharts) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(info.title())).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n");
        h.append("<h1>").append(Html.escape(info.title())).append("</h1>\n");
        h.append("<p>Strategies: ").append(Html.escape(String.join(", ", comparison.strategies())))
                .append(". Ratios are to <b>").append(Html.escape(comparison.baseline()))
                .append("</b>; the best value of a column is shaded. Data: <a href=\"summary.csv\">summary.csv</a>.</p>\n")
                .append("<p>Seeks are btt's D2D distances between consecutive dispatches, in 512-byte sectors; the median "
                        + "column is their true median (btt's own MEDIAN, in each run's summary.json as d2d.median, "
                        + "is computed differently and is often 0).</p>\n");
        h.append("<h2>Configuration</h2>\n<table>\n");
        for (Map.Entry<String, String> e : info.configuration().entrySet()) {
            h.append("<tr><th class=\"name\">").append(Html.escape(e.getKey())).append("</th><td class=\"name\">")
                    .append(Html.escape(e.getValue())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        int g = 0;
        for (Map.Entry<String, List<Cell>> group : comparison.groups().entrySet()) {
            String slug = slugs.get(g++);
            h.append("<h2 id=\"").append(slug).append("\">").append(Html.escape(group.getKey())).append("</h2>\n");
            table(h, comparison, group.getValue());
            hazards(h, group.getValue());
            strategyCounters(h, group.getValue());
            for (ChartKind kind : ChartKind.values()) {
                String file = ReportBuilder.CHARTS + "/" + slug + "-" + kind.file;
                h.append("<figure><img src=\"").append(file).append(".png\" alt=\"").append(Html.escape(kind.title + " — " + group.getKey()))
                        .append("\"><figcaption><a href=\"").append(file).append(".svg\">SVG</a></figcaption></figure>\n");
            }
        }
        if (!jmh.isEmpty()) {
            jmhSection(h, jmh, jmhCharts);
        }
        h.append("<h2>Reproduce</h2>\n<p>Seed ").append(info.seed()).append(". Same trace, configuration and seed give the same numbers:</p>\n<pre>")
                .append(Html.escape(info.command())).append("</pre>\n");
        h.append("<p>The simulated dispatch streams are in blktrace format in each cell's directory (<code>dispatch.blktrace.0</code>): "
                + "<code>blkparse -i DIR/dispatch</code>, <code>btt</code> and <code>iowatcher</code> read them.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, Comparison comparison, List<Cell> cells) {
        h.append("<table class=\"summary\">\n<thead><tr><th class=\"name\">strategy</th>");
        for (Metric m : Metric.TABLE) {
            h.append("<th>").append(Html.escape(m.title())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int[] best = new int[Metric.TABLE.size()];
        for (int i = 0; i < best.length; i++) {
            best[i] = Comparison.best(cells, Metric.TABLE.get(i));
        }
        for (int row = 0; row < cells.size(); row++) {
            Cell c = cells.get(row);
            h.append("<tr><td class=\"name\">").append(Html.escape(c.strategy())).append("</td>");
            for (int i = 0; i < best.length; i++) {
                Metric m = Metric.TABLE.get(i);
                h.append(best[i] == row ? "<td class=\"best\">" : "<td>").append(Metric.format(m.value(c.run())));
                double r = comparison.ratio(c, m);
                if (!Double.isNaN(r) && !c.strategy().equals(comparison.baseline())) {
                    h.append("<span class=\"ratio\">×").append(Metric.format(r)).append("</span>");
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
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
        h.append("<h2 id=\"jmh\">JMH benchmarks</h2>\n<table>\n<thead><tr><th class=\"name\">benchmark</th><th class=\"name\">params</th>"
                + "<th>mode</th><th>score</th><th>error</th><th class=\"name\">unit</th><th class=\"name\">secondary</th></tr></thead>\n<tbody>\n");
        for (JmhResults.Row r : rows) {
            StringBuilder sec = new StringBuilder();
            r.secondary().forEach((k, v) -> sec.append(sec.length() == 0 ? "" : "; ").append(k).append(' ').append(v));
            h.append("<tr><td class=\"name\">").append(Html.escape(r.shortName())).append("</td><td class=\"name\">")
                    .append(Html.escape(r.params())).append("</td><td>").append(Html.escape(r.mode())).append("</td><td>")
                    .append(Metric.format(r.score())).append("</td><td>±").append(Metric.format(r.error())).append("</td><td class=\"name\">")
                    .append(Html.escape(r.unit())).append("</td><td class=\"name\">").append(Html.escape(sec.toString())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        for (String c : charts) {
            h.append("<figure><img src=\"").append(ReportBuilder.CHARTS).append('/').append(c).append(".png\" alt=\"JMH results\"></figure>\n");
        }
    }
}
