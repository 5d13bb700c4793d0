package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(ReportBuilder.slug(a)).hasSize(ReportBuilder.MAX_SLUG).startsWith("trace.csv-memory-28m-pinned-some-long-path");
        assertThat(ReportBuilder.slug(a)).isNotEqualTo(ReportBuilder.slug(b));
        assertThat(ReportBuilder.slug("seq.csv mem=1g")).isEqualTo("seq.csv-mem-1g");
    }

    @Test
    void everyChartIsARealPngAndSvgWithTheStrategiesInItsLegend() throws IOException {
        ReportBuilder.build(dir, info(), null);
        Path charts = dir.resolve("charts");
        for (ReportBuilder.ChartKind kind : ReportBuilder.ChartKind.values()) {
            Path png = charts.resolve("seq.csv-mem-1g-" + kind.file + ".png");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(900);
            assertThat(Files.size(png)).as(png.toString()).isGreaterThan(10_000);
            String svg = Files.readString(charts.resolve("seq.csv-mem-1g-" + kind.file + ".svg"));
            assertThat(svg.startsWith("<?xml") && svg.contains("<svg") && svg.strip().endsWith("</svg>")).as(kind + " SVG").isTrue();
            if (kind != ReportBuilder.ChartKind.DISPATCH_SCATTER) {
                for (String strategy : List.of(">writepage<", ">write-ahead<", ">no-reclaim-writeback<")) {
                    assertThat(svg.contains(strategy)).as(kind + " legend has " + strategy).isTrue();
                }
            }
        }
    }

    @Test
    void pageHasOneRowPerStrategyAndMarksTheBest() throws IOException {
        Path index = ReportBuilder.build(dir, info(), null);
        String html = Files.readString(index);
        String table = html.substring(html.indexOf("<table class=\"summary\">"), html.indexOf("</table>", html.indexOf("<table class=\"summary\">")));
        assertThat(table.split("<tr><td class=\"name\">", -1)).hasSize(1 + 3);
        // write-ahead has the lowest stall p99 (10 ms) and no-reclaim-writeback the largest mean I/O (512 KiB)
        String aheadRow = table.substring(table.indexOf(">write-ahead<"));
        aheadRow = aheadRow.substring(0, aheadRow.indexOf("</tr>"));
        assertThat(aheadRow).contains("<td class=\"best\">10<span");
        assertThat(table).contains("<td class=\"best\">512<span");
        assertThat(html).contains("3 × lock-order").contains("first at 1.50 s by writer[7]: page 3 locked while page 5 of inode 2 is held");
        assertThat(html).contains("wbreplay compare --seed 7");
        // only the run that has strategy counters lists them, in summary.json's order
        assertThat(html).contains("<li><b>no-reclaim-writeback</b>: pageoutWorksQueued 12, pageoutWorksRefused 3</li>")
                .doesNotContain("<li><b>writepage</b>: pageout");
        for (ReportBuilder.ChartKind kind : ReportBuilder.ChartKind.values()) {
            assertThat(html).contains("charts/seq.csv-mem-1g-" + kind.file + ".png");
        }
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
