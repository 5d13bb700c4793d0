package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wbreplay.reports.build.ReportBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportBuilderTest {
    @TempDir
    Path dir;

    private ReportInfo info() throws IOException {
        return FakeRuns.threeStrategies(dir);
    }

    @Test
    void summaryCsvHasOneRowPerCellWithRatiosToTheBaseline() throws IOException {
        ReportBuilder.build(dir, info(), null);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(dir.resolve("summary.csv"))).getRecords();
        assertThat(rows).extracting(r -> r.get("strategy")).containsExactly("writepage", "write-ahead", "no-reclaim-writeback");
        CSVRecord ahead = rows.get(1);
        // 65536 B = 64 KiB; 64 KiB / 4 KiB = 16x the baseline
        assertThat(ahead.get("I/O size mean (KiB)")).isEqualTo("64");
        assertThat(ahead.get("I/O size mean / writepage")).isEqualTo("16");
        // 10 ms against 40 ms
        assertThat(ahead.get("stall p99 (ms)")).isEqualTo("10");
        assertThat(ahead.get("stall p99 / writepage")).isEqualTo("0.250");
        assertThat(rows.get(0).get("hazards")).isEqualTo("3");
        assertThat(rows.get(0).get("counters.nr_vmscan_write")).isEqualTo("5000");
        assertThat(rows.get(0).get("strategyCounters.pageoutWorksRefused")).isEmpty(); // writepage has none
        assertThat(rows.get(2).get("strategyCounters.pageoutWorksRefused")).isEqualTo("3");
        assertThat(rows.get(0).get("stall p99 / writepage")).isEqualTo("1");
    }

    @Test
    void aLongGroupLabelGivesAShortSlugThatStillTellsGroupsApart() {
        String a = "trace.csv memory=28M " + "pinned=/some/long/path/".repeat(12) + "fs-delalloc-ascending=true";
        String b = a.replace("=true", "=false");
        assertThat(Slug.of(a)).hasSize(Slug.MAX).startsWith("trace.csv-memory-28m-pinned-some-long-path");
        assertThat(Slug.of(a)).isNotEqualTo(Slug.of(b));
        assertThat(Slug.of("seq.csv mem=1g")).isEqualTo("seq.csv-mem-1g");
    }

    @Test
    void everyChartIsARealPngAndSvgWithTheStrategiesInIt() throws IOException {
        ReportBuilder.build(dir, info(), null);
        Path charts = dir.resolve("charts");
        for (ChartKind kind : ChartKind.values()) {
            Path png = charts.resolve("seq.csv-mem-1g-" + kind.file + ".png");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(900);
            assertThat(Files.size(png)).as(png.toString()).isGreaterThan(10_000);
            Path svgFile = charts.resolve("seq.csv-mem-1g-" + kind.file + ".svg");
            if (!kind.svg) {
                assertThat(svgFile).as("no SVG of thousands of dots").doesNotExist();
                continue;
            }
            String svg = Files.readString(svgFile);
            assertThat(svg.startsWith("<?xml") && svg.contains("<svg") && svg.strip().endsWith("</svg>")).as(kind + " SVG").isTrue();
            for (String strategy : List.of(">writepage<", ">write-ahead<", ">no-reclaim-writeback<")) {
                assertThat(svg.contains(strategy)).as(kind + " names " + strategy).isTrue();
            }
        }
    }

    @Test
    void withOneRunThePageHasAColumnPerStrategyAndShadesNothing() throws IOException {
        Path index = ReportBuilder.build(dir, info(), null);
        String html = Files.readString(index);
        String table = html.substring(html.indexOf("<table class=\"summary\">"), html.indexOf("</table>", html.indexOf("<table class=\"summary\">")));
        String head = table.substring(0, table.indexOf("</thead>"));
        assertThat(head).contains("<th>writepage<span class=\"ratio\">baseline</span></th><th>write-ahead</th><th>no-reclaim-writeback</th>");
        assertThat(table.split("<tr><td class=\"name\">", -1)).hasSize(1 + Metric.TABLE.size());
        // one run: no test, so no value is shaded best even where one is far ahead (stall p99 10 ms against 40)
        assertThat(html).doesNotContain("class=\"best\"").contains("Each cell ran once");
        // each metric is defined where it appears
        assertThat(table).contains("stall total (s)<span class=\"def\">all stalls of all writers added up");
        assertThat(html).contains("3 × lock-order").contains("first at 1.50 s by writer[7]: page 3 locked while page 5 of inode 2 is held");
        assertThat(html).contains("wbreplay compare --seed 7");
        // only the run that has strategy counters lists them, in summary.json's order
        assertThat(html).contains("<li><b>no-reclaim-writeback</b>: pageoutWorksQueued 12, pageoutWorksRefused 3</li>")
                .doesNotContain("<li><b>writepage</b>: pageout");
        for (ChartKind kind : ChartKind.values()) {
            assertThat(html).contains("charts/seq.csv-mem-1g-" + kind.file + ".png");
        }
        // the vmstat table: kswapd efficiency 100 / 400 pages = 25 %
        assertThat(html).contains("Kswapd efficiency %").contains("<td>25</td>");
    }

    @Test
    void strategiesThatRanAlikeHaveNoLeader() throws IOException {
        String html = Files.readString(ReportBuilder.build(dir, FakeRuns.alike(dir), null));
        assertThat(html).contains("All 2 strategies ran alike (the same stall times, D2D seek mean, I/O size, write dispatches "
                + "and pages written by reclaim, 0): nothing here tells them apart.").doesNotContain("Least time lost");
        assertThat(Files.readString(dir.resolve(ReportBuilder.TEXT))).contains("All 2 strategies ran alike");
        // three strategies with different numbers do get a leader
        Path other = dir.resolve("other");
        String differ = Files.readString(ReportBuilder.build(other, FakeRuns.threeStrategies(other), null));
        assertThat(differ).contains("Least time lost to stalls without hazards").doesNotContain("ran alike");
    }

    @Test
    void repeatedRunsShowMeanStddevIntervalAndWelchMarksAndARunCutShortIsFlaggedNotBest() throws IOException {
        String html = Files.readString(ReportBuilder.build(dir, FakeRuns.repeated(dir), null));
        String table = html.substring(html.indexOf("<table class=\"summary\">"), html.indexOf("</table>", html.indexOf("<table class=\"summary\">")));
        String p99 = table.substring(table.indexOf("stall p99 (ms)"));
        p99 = p99.substring(0, p99.indexOf("</tr>"));
        // write-ahead 10, 11, 12 ms: mean 11, sample sd 1, 95% CI 11 ± t(0.975, 2) 4.303 / sqrt(3) = 8.52 .. 13.48;
        // against 40, 41, 42: 11 / 41 = 0.268, Welch t = 30 / sqrt(1/3 + 1/3) = 36.7 on 4 df, p < 0.001
        assertThat(p99).contains("<td class=\"best\">11 ± 1<span class=\"ci\">95% CI 8.52 – 13.48</span>"
                + "<span class=\"ratio\">×0.268 <span class=\"sig\">*</span> p&lt;0.001</span></td>");
        // write-around's 5 ms is the lowest, but its runs deadlocked: flagged, never best
        assertThat(p99).contains("<td class=\"flagged\">5 ± 0");
        assertThat(table).contains("<th class=\"flagged\">write-around<span class=\"flag\">⚠ deadlocked at 1.85 s, the run stopped there</span></th>");
        // stall total 49, 51, 53 against 50, 51, 52: the same mean, t = 0, p = 1: noise, and nothing shaded
        String total = table.substring(table.indexOf("stall total (s)"));
        total = total.substring(0, total.indexOf("</tr>"));
        assertThat(total).contains("×1 <i>~</i> p=1.000").doesNotContain("best");
        // the plain-language summary and the ranking
        assertThat(html).contains("Within noise of no-reclaim-writeback on total stall time (Welch&#39;s t-test, p ≥ 0.05): write-ahead.")
                .contains("Cut short, not ranked with the others and never marked best: write-around deadlocked at 1.85 s");
        String ranking = html.substring(html.indexOf("<ol>"), html.indexOf("</ol>"));
        assertThat(ranking.indexOf("write-around")).isGreaterThan(ranking.indexOf("write-ahead"));
        assertThat(ranking.indexOf("write-ahead")).isGreaterThan(ranking.indexOf("no-reclaim-writeback"));
        // why they stall: 3/4 of each total is direct reclaim (hand-made), e.g. write-ahead 0.75 * 51 ms
        assertThat(ranking).contains("write-ahead: stalls 0.051 ± 0.002 s in total (×1 the baseline, within noise, p=1.000), mostly direct-reclaim 0.038 s");
        assertThat(html).contains("3 times").contains("rotational position random").contains("0123abc")
                .contains("trace = hazards-256k.csv");

        // the same in compare-kernels' plain text: gain (41 - 11) / 41 = 73.17 % for write-ahead's p99
        String text = Files.readString(dir.resolve(ReportBuilder.TEXT));
        assertThat(text).contains("write-around !").contains("! write-around: deadlocked at 1.85 s");
        String p99Text = text.lines().filter(l -> l.startsWith("stall p99 (ms)")).findFirst().orElseThrow();
        assertThat(p99Text).contains("41 (   0.00%)").contains("11 (  73.17%)*");
        String sdLine = text.lines().dropWhile(l -> !l.startsWith("stall p99 (ms)")).skip(1).findFirst().orElseThrow();
        assertThat(sdLine.strip()).startsWith("Stddev").contains("1");
    }

    @Test
    void histogramLogsCarryOneTagPerStrategy() throws IOException {
        ReportBuilder.build(dir, info(), null);
        var reader = new org.HdrHistogram.HistogramLogReader(dir.resolve("seq.csv-mem-1g-stalls.hlog").toFile());
        List<String> tags = new ArrayList<>();
        org.HdrHistogram.EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            tags.add(h.getTag());
            assertThat(((Histogram) h).getTotalCount()).isEqualTo(1000);
        }
        assertThat(tags).containsExactly("writepage", "write-ahead", "no-reclaim-writeback");
    }

    @Test
    void rebuildingGivesTheSameBytes() throws IOException {
        ReportInfo info = info();
        info.write(dir);
        ReportBuilder.build(dir, ReportInfo.read(dir), null);
        byte[] csv = Files.readAllBytes(dir.resolve("summary.csv"));
        byte[] html = Files.readAllBytes(dir.resolve("index.html"));
        byte[] hlog = Files.readAllBytes(dir.resolve("seq.csv-mem-1g-io-size.hlog"));
        byte[] svg = Files.readAllBytes(dir.resolve("charts/seq.csv-mem-1g-stall-spectrum.svg"));
        ReportBuilder.build(dir, ReportInfo.read(dir), null);
        assertThat(Files.readAllBytes(dir.resolve("summary.csv"))).isEqualTo(csv);
        assertThat(Files.readAllBytes(dir.resolve("index.html"))).isEqualTo(html);
        assertThat(Files.readAllBytes(dir.resolve("seq.csv-mem-1g-io-size.hlog"))).isEqualTo(hlog);
        assertThat(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("charts/seq.csv-mem-1g-stall-spectrum.svg")), svg))
                .as("SVG bytes identical").isTrue();
    }

    @Test
    void jmhResultsBecomeASectionWithAChart() throws IOException {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, """
                [{"benchmark":"io.wbreplay.bench.ReaderBench.blktrace","mode":"thrpt","params":{"records":"2000000"},
                  "primaryMetric":{"score":12.5,"scoreError":"NaN","scoreUnit":"ops/s"},
                  "secondaryMetrics":{"meanIoKiB":{"score":64.0,"scoreUnit":"#"}}}]
                """);
        String html = Files.readString(ReportBuilder.build(dir, info(), jmh));
        assertThat(html).contains("JMH benchmarks").contains("ReaderBench.blktrace").contains("records=2000000")
                .contains("meanIoKiB 64 #");
        // JMH wrote no error ("NaN"): the error column is empty, not a bare "±"
        assertThat(html).contains("<td>12.50</td><td></td>").doesNotContain("<td>±");
        assertThat(ImageIO.read(dir.resolve("charts/jmh-ops-s.png").toFile())).isNotNull();
    }

    @Test
    void aBrokenSummaryNamesTheFile() throws IOException {
        ReportInfo info = info();
        Files.writeString(dir.resolve("cells/write-ahead/summary.json"), "{\"records\": ");
        assertThatThrownBy(() -> ReportBuilder.build(dir, info, null))
                .hasMessageContaining("write-ahead").hasMessageContaining("summary.json").hasMessageContaining("not valid JSON");
        assertThat(dir.resolve("index.html")).doesNotExist();
    }
}
