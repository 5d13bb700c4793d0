package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import io.wbreplay.traces.AtomicOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code summary.csv}: one row per cell with the table's metrics (in display units, named in the
 * header), every vmstat counter, hazard count and strategy counter (empty where a strategy has none),
 * and each table metric's ratio to the baseline.
 */
public final class SummaryCsv {
    public static final String FILE = "summary.csv";

    private SummaryCsv() {
    }

    public static void write(Comparison comparison, Path file) throws IOException {
        Set<String> extra = new LinkedHashSet<>();
        for (Cell c : comparison.cells()) {
            for (String key : c.run().summary().keySet()) {
                if (key.startsWith(COUNTERS + ".") || key.startsWith(HAZARDS + ".") || key.startsWith(STRATEGY_COUNTERS + ".")) {
                    extra.add(key);
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("trace", "config", "strategy"));
        for (Metric m : Metric.TABLE) {
            header.add(m.title());
        }
        header.addAll(extra);
        for (Metric m : Metric.TABLE) {
            header.add(m.header() + " / " + comparison.baseline());
        }
        StringBuilder text = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(new String[0])).get())) {
            for (Cell c : comparison.cells()) {
                List<String> row = new ArrayList<>(List.of(c.trace(), c.config(), c.strategy()));
                for (Metric m : Metric.TABLE) {
                    row.add(Metric.format(m.value(c.run())));
                }
                for (String key : extra) {
                    row.add(Metric.format(c.run().number(key)));
                }
                for (Metric m : Metric.TABLE) {
                    row.add(Metric.format(comparison.ratio(c, m)));
                }
                csv.printRecord(row);
            }
        }
        AtomicOutput.writeString(file, text.toString());
    }
}
