package io.wbreplay.cli;

import io.wbreplay.reports.ReportBuilder;
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
        Path index = ReportBuilder.build(dir, ReportInfo.read(dir), jmh);
        System.out.println("report: " + index.toAbsolutePath());
        return 0;
    }
}
