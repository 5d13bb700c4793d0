package io.wbreplay.cli;

import io.wbreplay.reports.build.ReportBuilder;
import io.wbreplay.reports.ReportInfo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wbreplay report DIR}: rebuilds a report's CSV, logs, charts and page from its run directories. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Regenerate summary.csv, the histogram logs, the charts and index.html of a report "
                + "directory written by 'wbreplay compare', without re-running anything.",
                "With --jmh, add JMH results (written by 'wbreplay jmh ... -rf json -rff FILE') as a section."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A report directory (it holds report.json).")
    Path dir;

    @Option(names = "--jmh", paramLabel = "JSON", description = "JMH results in JSON to add to the report.")
    Path jmh;

    @Override
    public Integer call() throws Exception {
        ReportInfo info = ReportInfo.read(dir);
        checkCells(dir, info);
        if (jmh != null && !java.nio.file.Files.isRegularFile(jmh)) {
            throw new java.nio.file.NoSuchFileException(jmh.toString(), null, "no such JMH results file");
        }
        Path index = ReportBuilder.build(dir, info, jmh);
        System.out.println("report: " + index.toAbsolutePath());
        return 0;
    }

    /**
     * Reads every cell's run files (summary, histograms, time series) before anything is written, so a
     * missing or truncated one fails the report (or merge) before its work starts.
     */
    static void checkCells(Path reportDir, ReportInfo info) throws java.io.IOException {
        for (ReportInfo.CellEntry c : info.cells()) {
            io.wbreplay.reports.RunDirectory run = io.wbreplay.reports.RunDirectory.open(reportDir.resolve(c.dir()));
            for (String tag : run.histogramTags()) {
                run.histogram(tag);
            }
            run.timeSeries();
        }
    }
}
