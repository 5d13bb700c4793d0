package io.wbreplay.reports;

import io.wbreplay.replay.metrics.SummaryKeys;
import io.wbreplay.traces.AtomicOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.md} of {@code wbreplay reproduce NAME}: first the verdict table (claim | published |
 * model | verdict), then each claim's criteria with the numbers they were decided on, the published
 * setup, how it was scaled, and which cell of the comparison each arm is.
 */
public final class ReproductionReport {
    public static final String FILE = "report.md";

    private ReproductionReport() {
    }

    /** Judges every claim on the arms' runs; a metric missing from a run's summary.json is an error naming it. */
    public static List<Reproduction.Outcome> judge(Reproduction r, Map<String, RunDirectory> runs) {
        List<Reproduction.Outcome> outcomes = new ArrayList<>();
        for (Reproduction.Claim c : r.claims()) {
            Map<String, Double> model = new LinkedHashMap<>();
            runs.forEach((arm, run) -> {
                if (!(run.summary().get(c.metric()) instanceof Number)) { // a typo in the definition, not a verdict
                    throw new IllegalArgumentException(r.name() + ": claim '" + c.claim() + "': no number '" + c.metric()
                            + "' in " + run.dir().resolve("summary.json"));
                }
                model.put(arm, c.value(run));
            });
            outcomes.add(Reproduction.judge(c, model));
        }
        return outcomes;
    }

    /** The verdict table, as Markdown. */
    public static String table(List<Reproduction.Outcome> outcomes) {
        StringBuilder b = new StringBuilder("| claim | published | model | verdict |\n|---|---|---|---|\n");
        for (Reproduction.Outcome o : outcomes) {
            Reproduction.Claim c = o.claim();
            StringBuilder pub = new StringBuilder();
            StringBuilder mod = new StringBuilder();
            c.published().forEach((arm, v) -> pub.append(pub.length() == 0 ? "" : " / ").append(arm).append(' ')
                    .append(v instanceof Number n ? new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : v));
            for (String arm : c.notModelled() != null ? List.<String>of() : c.shownArms()) {
                mod.append(mod.length() == 0 ? "" : " / ").append(arm).append(' ')
                        .append(o.model().containsKey(arm) ? Criterion.fmt(o.model().get(arm)) : "n/a");
            }
            String verdict = o.verdict().label;
            if (o.verdict() == Reproduction.Verdict.NOT_REPRODUCED) {
                List<String> failed = new ArrayList<>();
                for (int i = 0; i < o.checks().size(); i++) {
                    if (!o.checks().get(i).pass()) {
                        failed.add(o.criteria().get(i).text());
                    }
                }
                verdict += " (fails: " + String.join("; ", failed) + ")";
            } else if (o.verdict() == Reproduction.Verdict.NOT_MODELLED) {
                verdict += ": " + c.notModelled();
            }
            String unit = c.unit() == null ? "" : " (" + c.unit() + ")";
            b.append("| ").append(cell(c.claim() + unit)).append(" | ").append(pub).append(" | ")
                    .append(mod).append(" | ").append(cell(verdict)).append(" |\n");
        }
        return b.toString();
    }

    /** What reclaim met and did in each arm's run: the counters that explain a verdict either way. */
    static final List<String> COUNTERS = List.of(counter("pgscan_kswapd"), counter("pgscan_direct"),
            counter("shrink_inactive_nr_dirty"), counter("pgactivate"), counter("nr_vmscan_immediate_reclaim"), counter("allocstall"),
            SummaryKeys.PAGES_WRITTEN_BY_RECLAIM, SummaryKeys.PAGES_WRITTEN_BY_FLUSHER, SummaryKeys.PAGES_WRITTEN_BY_WRITER,
            SummaryKeys.SIMULATED_SECONDS);

    private static String counter(String vmstat) {
        return SummaryKeys.path(SummaryKeys.COUNTERS, vmstat);
    }

    private static String counters(Map<String, RunDirectory> runs) {
        StringBuilder b = new StringBuilder("| arm |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String k : COUNTERS) {
            b.append(' ').append(k.replace("counters.", "")).append(" |");
            rule.append("---|");
        }
        b.append('\n').append(rule).append('\n');
        runs.forEach((arm, run) -> {
            b.append("| ").append(arm).append(" |");
            for (String k : COUNTERS) {
                b.append(' ').append(Criterion.fmt(run.number(k))).append(" |");
            }
            b.append('\n');
        });
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** Writes {@code dir/report.md} (atomically) and returns its text. */
    public static String write(Path dir, Reproduction r, List<Reproduction.Outcome> outcomes, Map<String, Sweep.Point> cells,
                               Map<String, RunDirectory> runs, String command, String compareDir) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.name()).append(": ").append(r.title()).append("\n\n");
        b.append("## Verdicts\n\n").append(table(outcomes)).append('\n');
        b.append("Verdicts are on the shape of each result (which way, roughly how much): absolute numbers depend "
                + "on the hardware. The criteria were written in the definition before the run.\n\n");
        b.append("## Criteria\n\n");
        for (Reproduction.Outcome o : outcomes) {
            Reproduction.Claim c = o.claim();
            b.append("### ").append(c.claim()).append("\n\n");
            b.append("Model metric: `").append(c.metric()).append('`');
            if (c.scale() != null || Boolean.TRUE.equals(c.reciprocal())) {
                b.append(Boolean.TRUE.equals(c.reciprocal()) ? ", as " + Criterion.fmt(c.scale() == null ? 1 : c.scale())
                        + " / value" : ", times " + Criterion.fmt(c.scale()));
            }
            b.append(".");
            if (c.note() != null) {
                b.append(' ').append(c.note());
            }
            b.append("\n\n");
            if (c.notModelled() != null) {
                b.append("Cannot be checked: ").append(c.notModelled()).append("\n\n");
            }
            for (int i = 0; i < o.checks().size(); i++) {
                Criterion.Check ch = o.checks().get(i);
                b.append("- `").append(o.criteria().get(i).text()).append("`: ").append(ch.pass() ? "holds" : "fails")
                        .append(" (").append(ch.detail()).append(")\n");
            }
            if (!o.checks().isEmpty()) {
                b.append('\n');
            }
        }
        b.append("## Published setup\n\n").append(r.source()).append("\n\n").append(r.setup()).append("\n\n");
        b.append("## How the model runs it\n\n").append(r.scaling()).append("\n\n");
        if (r.runs()) {
            b.append("Workload: `wbreplay trace generate ").append(String.join(" ", r.generate())).append("`\n\n");
            b.append("Sweep: `").append(r.sweep()).append("`, run with `wbreplay compare` into `").append(compareDir)
                    .append("`. Arms:\n\n");
            cells.forEach((arm, p) -> b.append("- ").append(arm).append(": ").append(r.arms().get(arm)).append(" -> `")
                    .append(compareDir).append('/').append(SweepRunner.cellDir(p)).append("`\n"));
            b.append("\nWhat reclaim met and did in each arm (summary.json):\n\n").append(counters(runs)).append('\n');
        }
        b.append("Reproduce with: `").append(command).append("`\n");
        String text = b.toString();
        AtomicOutput.writeString(dir.resolve(FILE), text);
        return text;
    }
}
