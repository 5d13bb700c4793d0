package io.wbreplay.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wbreplay.reports.build.ReportBuilder;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report from disk in a real browser, Debian's chromium run headless, as a user would:
 * the summary table has one column per strategy, the deadlocked strategy's column is flagged and
 * never shaded best, every group opens with its summary, nothing overflows the page at 1024 or 1600
 * px, every {@code <img>} names a non-empty file that the browser decodes at the PNG's own size, and
 * the page renders. The report, the probe page and screenshots at both widths stay in
 * {@code target/browser-test/} to look at. Skipped where chromium is not installed.
 */
class HtmlReportBrowserTest {
    private static final Path OUT = Path.of("target", "browser-test").toAbsolutePath();
    /**
     * Chromium finishes in 2-5 s, 20 s on a loaded 2-core machine; about one headless run in ten never
     * exits (with --virtual-time-budget, also when the machine is idle), so a run that hangs is killed and
     * started again, at most ATTEMPTS times: a report that hangs every time still fails.
     */
    private static final long BROWSER_SECONDS = 60;
    private static final int ATTEMPTS = 3;
    private static final List<String> STRATEGIES = List.of("no-reclaim-writeback", "write-ahead", "write-around");
    /**
     * Loads the report named by its query string in a frame (file:// frames are readable with
     * --allow-file-access-from-files) and, once the frame and all its images have loaded, lists how the
     * browser decoded each image and how many summary rows it laid out. The report itself is not touched.
     */
    private static final String PROBE = """
            <!DOCTYPE html>
            <html><body>
            <pre id="out">not loaded</pre>
            <iframe id="report" width="1280" height="800" style="border:0"></iframe>
            <script>
            var args = location.search.substring(1).split('&');
            var frame = document.getElementById('report');
            frame.width = args[1];
            frame.addEventListener('load', function () {
              var doc = frame.contentDocument, lines = [];
              for (var i = 0; i < doc.images.length; i++) {
                var img = doc.images[i];
                lines.push('IMG ' + img.naturalWidth + ' ' + img.naturalHeight + ' ' + img.getAttribute('src'));
              }
              lines.push('ROWS ' + (doc.querySelectorAll('table.summary thead th').length - 1));
              var table = doc.querySelector('table.summary');
              lines.push('WIDTH ' + doc.documentElement.scrollWidth + ' ' + doc.documentElement.clientWidth + ' '
                  + table.scrollWidth + ' ' + table.parentNode.clientWidth);
              var flagged = doc.querySelector('table.summary th.flagged');
              lines.push('FLAGGED ' + (flagged ? flagged.textContent : 'none'));
              var best = doc.querySelectorAll('table.summary td.best');
              lines.push('BEST ' + best.length);
              var summary = doc.querySelector('div.verdict');
              lines.push('SUMMARY ' + (summary && summary.offsetHeight > 0 ? summary.textContent.replace(/\\s+/g, ' ') : 'none'));
              document.getElementById('out').textContent = lines.join('\\n');
            });
            frame.src = args[0];
            </script>
            </body></html>
            """;
    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\"");
    private static final Pattern PROBED_IMG = Pattern.compile("^IMG (\\d+) (\\d+) (\\S+)$", Pattern.MULTILINE);
    private static final Pattern PROBED_ROWS = Pattern.compile("^ROWS (\\d+)$", Pattern.MULTILINE);
    private static final Pattern PROBED_WIDTH = Pattern.compile("^WIDTH (\\d+) (\\d+) (\\d+) (\\d+)$", Pattern.MULTILINE);
    private static final Pattern PROBED_LINE = Pattern.compile("^(FLAGGED|BEST|SUMMARY) (.*)$", Pattern.MULTILINE);

    @TempDir
    Path profile;

    @Test
    void everyImageLoadsAndTheTableHasOneRowPerStrategy() throws Exception {
        String chromium = onPath("chromium");
        assumeTrue(chromium != null, "chromium is not installed (.ci/run installs Debian's chromium)");
        Path report = OUT.resolve("report");
        Path index = ReportBuilder.build(report, FakeRuns.repeated(report), null);
        Files.writeString(OUT.resolve("probe.html"), PROBE);

        // the DOM chromium builds from the page
        String dom = browse(chromium, "--dump-dom", index.toUri().toString());
        String table = dom.substring(dom.indexOf("<table class=\"summary\">"), dom.indexOf("</table>", dom.indexOf("<table class=\"summary\">")));
        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<th(?: class=\"flagged\")?>([^<]+)<").matcher(table.substring(0, table.indexOf("</thead>")));
        while (row.find()) {
            rows.add(row.group(1));
        }
        assertThat(rows).as("summary columns").containsExactlyElementsOf(STRATEGIES);
        List<String> sources = new ArrayList<>();
        Matcher img = IMG.matcher(dom);
        while (img.find()) {
            sources.add(img.group(1));
        }
        assertThat(sources).as("one image per chart kind").hasSize(ChartKind.values().length);
        for (String src : sources) {
            assertThat(report.resolve(src)).as(src).isRegularFile();
            assertThat(Files.size(report.resolve(src))).as(src).isGreaterThan(0);
        }

        // as laid out at 1024 and 1600 px: the page never wider than the window, the table not clipped,
        // write-around's column flagged as deadlocked, its lowest numbers not shaded, the summary shown
        for (int width : new int[] {1024, 1600}) {
            Map<String, String> layout = new LinkedHashMap<>();
            probe(chromium, "report/index.html", width, layout);
            String[] w = layout.get("WIDTH").split(" ");
            assertThat(Integer.parseInt(w[0])).as("page width at %d px", width).isLessThanOrEqualTo(Integer.parseInt(w[1]));
            assertThat(Integer.parseInt(w[2])).as("table width within its box at %d px", width).isLessThanOrEqualTo(Integer.parseInt(w[3]));
            assertThat(layout.get("FLAGGED")).isEqualTo("write-around⚠ deadlocked at 1.85 s, the run stopped there");
            // shaded: write-ahead's stall p99 and its I/O-free metrics only where it beats the baseline significantly
            assertThat(Integer.parseInt(layout.get("BEST"))).as("shaded cells").isPositive();
            assertThat(layout.get("SUMMARY")).contains("Cut short, not ranked with the others and never marked best: write-around")
                    .contains("Within noise of no-reclaim-writeback on total stall time");
            Path shot = OUT.resolve("report-" + width + ".png");
            Files.deleteIfExists(shot);
            browse(chromium, "--hide-scrollbars", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                    "--window-size=" + width + ",2400", "--screenshot=" + shot, index.toUri().toString());
            assertThat(ImageIO.read(shot.toFile()).getWidth()).isEqualTo(width);
        }
        String dom2 = browse(chromium, "--dump-dom", index.toUri().toString());
        String flaggedColumn = dom2.substring(dom2.indexOf("stall p99 (ms)"));
        flaggedColumn = flaggedColumn.substring(0, flaggedColumn.indexOf("</tr>"));
        assertThat(flaggedColumn).as("write-around's 5 ms, the lowest, is flagged, not best").contains("<td class=\"flagged\">5 ± 0");

        // how the browser decoded each image: the PNG's own size, read independently with ImageIO
        Map<String, int[]> decoded = probe(chromium, "report/index.html");
        assertThat(decoded.keySet()).containsExactlyElementsOf(sources);
        for (String src : sources) {
            BufferedImage png = ImageIO.read(report.resolve(src).toFile());
            assertThat(decoded.get(src)).as(src + " as decoded by chromium").containsExactly(png.getWidth(), png.getHeight());
        }

        // the probe can fail: a chart that is not a PNG shows as not loaded (then the chart is put back)
        Path victim = report.resolve(sources.get(1));
        byte[] png = Files.readAllBytes(victim);
        Files.write(victim, "not a png".getBytes(StandardCharsets.US_ASCII));
        try {
            Map<String, int[]> brokenDecoded = probe(chromium, "report/index.html");
            assertThat(brokenDecoded.get(sources.get(1))).as("the broken chart").containsExactly(0, 0);
            assertThat(brokenDecoded.get(sources.get(0))[0]).as("an intact chart").isPositive();
        } finally {
            Files.write(victim, png);
        }

        // and it renders: a full-page screenshot with something on it
        Path shot = OUT.resolve("report.png");
        Files.deleteIfExists(shot);
        browse(chromium, "--hide-scrollbars", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
                "--window-size=1280,4000", "--screenshot=" + shot, index.toUri().toString());
        BufferedImage screen = ImageIO.read(shot.toFile());
        assertThat(screen.getWidth()).isEqualTo(1280);
        assertThat(nonWhiteFraction(screen)).as("share of the screenshot that is not blank").isGreaterThan(0.02);
    }

    /** Loads the probe page on {@code reportIndex} (relative to it): image src to {naturalWidth, naturalHeight}. */
    private Map<String, int[]> probe(String chromium, String reportIndex) throws Exception {
        return probe(chromium, reportIndex, 1280, new LinkedHashMap<>());
    }

    /** The same in a frame {@code width} px wide; the layout lines (WIDTH, FLAGGED, BEST, SUMMARY) go into {@code layout}. */
    private Map<String, int[]> probe(String chromium, String reportIndex, int width, Map<String, String> layout) throws Exception {
        String dom = browse(chromium, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--window-size=" + (width + 40) + ",900",
                "--dump-dom", OUT.resolve("probe.html").toUri() + "?" + reportIndex + "&" + width);
        int from = dom.indexOf("<pre id=\"out\">");
        String out = dom.substring(from + "<pre id=\"out\">".length(), dom.indexOf("</pre>", from));
        Matcher rows = PROBED_ROWS.matcher(out);
        assertThat(rows.find()).as("the probe ran; its page: %s", dom).isTrue();
        assertThat(Integer.parseInt(rows.group(1))).as("summary rows laid out").isEqualTo(STRATEGIES.size());
        Matcher wm = PROBED_WIDTH.matcher(out);
        if (wm.find()) {
            layout.put("WIDTH", wm.group(1) + " " + wm.group(2) + " " + wm.group(3) + " " + wm.group(4));
        }
        Matcher lm = PROBED_LINE.matcher(out);
        while (lm.find()) {
            layout.put(lm.group(1), lm.group(2));
        }
        Map<String, int[]> decoded = new LinkedHashMap<>();
        Matcher m = PROBED_IMG.matcher(out);
        while (m.find()) {
            decoded.put(m.group(3), new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        }
        return decoded;
    }

    /** Runs headless chromium with {@code args}; returns its standard output. Kills a run that hangs and tries again. */
    private String browse(String chromium, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                    continue;
                }
                assertThat(p.exitValue()).as("chromium exit code: %s", command).isZero();
                return Files.readString(stdout, StandardCharsets.UTF_8);
            }
            throw new AssertionError("chromium did not finish within " + BROWSER_SECONDS + " s, " + ATTEMPTS + " times: " + command);
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    private static double nonWhiteFraction(BufferedImage image) {
        long marked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    marked++;
                }
            }
        }
        return (double) marked / ((long) image.getWidth() * image.getHeight());
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
