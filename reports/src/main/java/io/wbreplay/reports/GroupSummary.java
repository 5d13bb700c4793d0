package io.wbreplay.reports;

import static io.wbreplay.replay.metrics.SummaryKeys.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The plain-language opening of a group, computed from its numbers: the ranking (runs cut short last,
 * then strategies with hazards, then by total stall time), what each strategy's stalls are made of,
 * and which differences from the baseline are noise.
 */
public final class GroupSummary {
    private static final Metric STALL = Metric.byKey(path(STALL_NS, TOTAL));
    private static final List<Metric> HEADLINE = List.of(STALL, Metric.byKey(path(STALL_NS, P99)), Metric.byKey(path(D2D, MEAN)),
            Metric.byKey(path(IO_SIZE, MEAN)), Metric.byKey(WRITE_DISPATCHES));

    /** One place in the ranking: the strategy, why it is where it is, and its line. */
    public record Place(Cell cell, String flag, double hazards, double stallMean, String line) {
    }

    private GroupSummary() {
    }

    /** The group's strategies in verdict order: complete and hazard-free first, each by total stall time. */
    public static List<Place> ranking(Comparison cmp, List<Cell> group) {
        List<Place> places = new ArrayList<>();
        for (Cell c : group) {
            String flag = cmp.cutShort(c);
            double hazards = SampleStats.of(cmp.values(c, Metric.byKey(Metric.HAZARDS_TOTAL))).mean();
            SampleStats stall = cmp.stats(c, STALL);
            StringBuilder line = new StringBuilder();
            line.append(c.strategy()).append(": stalls ").append(Comparison.meanSd(stall)).append(" s in total");
            if (!c.strategy().equals(cmp.baseline())) {
                double r = cmp.ratio(c, STALL);
                if (!Double.isNaN(r)) {
                    line.append(" (×").append(Metric.format(r)).append(" the baseline");
                    double p = cmp.pValue(c, STALL);
                    if (!Double.isNaN(p)) {
                        line.append(p < SampleStats.ALPHA ? ", significant, " : ", within noise, ").append(Comparison.formatP(p));
                    }
                    line.append(')');
                }
            }
            String cause = mainCauses(cmp.sample(c));
            if (!cause.isEmpty()) {
                line.append(", mostly ").append(cause);
            }
            if (hazards > 0) {
                line.append("; ").append(Metric.format(hazards)).append(hazards == 1 ? " hazard (" : " hazards (").append(hazardKinds(c.run())).append(')');
            }
            if (flag != null) {
                line.append("; ").append(flag).append(": its numbers cover only what ran, it is ranked last");
            }
            places.add(new Place(c, flag, Double.isNaN(hazards) ? 0 : hazards, stall.mean(), line.toString()));
        }
        places.sort(Comparator.comparingInt((Place p) -> p.flag() != null ? 2 : p.hazards() > 0 ? 1 : 0)
                .thenComparingDouble(p -> Double.isNaN(p.stallMean()) ? Double.MAX_VALUE : p.stallMean()));
        return places;
    }

    /** The opening sentences: baseline, test, what is best and at what cost, what is noise. */
    public static List<String> sentences(Comparison cmp, List<Cell> group) {
        List<String> out = new ArrayList<>();
        int runs = cmp.runs();
        Cell base = group.stream().filter(c -> c.strategy().equals(cmp.baseline())).findFirst().orElse(null);
        List<Place> ranking = ranking(cmp, group);
        Place first = ranking.get(0);
        if (alike(cmp, group)) {
            // a strategy only decides what reclaim does with the dirty pages it meets: with none met, every
            // run is the same and a leader would be an artefact of the ranking's order
            out.add("All " + group.size() + " strategies ran alike (the same stall times, D2D seek mean, I/O size, "
                    + "write dispatches and pages written by reclaim, " + Metric.format(cmp.stats(first.cell(),
                    Metric.byKey(PAGES_WRITTEN_BY_RECLAIM)).mean()) + "): nothing here tells them apart.");
        } else if (first.flag() == null && first.hazards() == 0) {
            String lead = "Least time lost to stalls without hazards: " + first.cell().strategy() + " ("
                    + Comparison.meanSd(cmp.stats(first.cell(), STALL)) + " s)";
            Place second = ranking.size() > 1 ? ranking.get(1) : null;
            if (runs > 1 && second != null && second.flag() == null && second.hazards() == 0) {
                double p = SampleStats.welchP(cmp.values(first.cell(), STALL), cmp.values(second.cell(), STALL));
                if (!Double.isNaN(p)) {
                    lead += p < SampleStats.ALPHA
                            ? ", significantly less than the next, " + second.cell().strategy() + " (" + Comparison.formatP(p) + ")"
                            : ", but not significantly less than " + second.cell().strategy() + "'s ("
                                    + Comparison.formatP(p) + "): the two are tied within noise";
                }
            }
            out.add(lead + ".");
        }
        for (Metric m : HEADLINE.subList(1, HEADLINE.size())) {
            int b = cmp.best(group, m);
            if (b >= 0) {
                out.add("Best " + m.header() + ": " + group.get(b).strategy() + " (" + Comparison.meanSd(cmp.stats(group.get(b), m))
                        + (m.unit().isEmpty() ? "" : " " + m.unit()) + "), significantly better than every other complete run.");
            }
        }
        List<String> cutShort = new ArrayList<>();
        List<String> hazardous = new ArrayList<>();
        for (Place p : ranking) {
            if (p.flag() != null) {
                cutShort.add(p.cell().strategy() + " " + p.flag());
            } else if (p.hazards() > 0) {
                hazardous.add(p.cell().strategy() + " (" + Metric.format(p.hazards()) + ")");
            }
        }
        if (!cutShort.isEmpty()) {
            out.add("Cut short, not ranked with the others and never marked best: " + String.join("; ", cutShort) + ".");
        }
        if (!hazardous.isEmpty()) {
            out.add("Faster or not, these showed hazards, which rank them after every hazard-free strategy: "
                    + String.join(", ", hazardous) + ".");
        }
        if (base == null) {
            out.add("The baseline " + cmp.baseline() + " did not run in this group: no ratios.");
        } else if (runs < 2) {
            out.add("One run per strategy: no difference is tested, so nothing is marked best or significant "
                    + "(compare --runs 5 repeats each cell with varied seeds).");
        } else {
            List<String> noise = new ArrayList<>();
            for (Cell c : group) {
                if (c != base && !Double.isNaN(cmp.pValue(c, STALL)) && !cmp.significant(c, STALL)) {
                    noise.add(c.strategy());
                }
            }
            out.add(noise.isEmpty()
                    ? "Every strategy's total stall time differs significantly from " + cmp.baseline() + "'s."
                    : "Within noise of " + cmp.baseline() + " on total stall time (Welch's t-test, p ≥ 0.05): "
                            + String.join(", ", noise) + ".");
        }
        return out;
    }

    /** Whether every strategy of the group ran to the end with the same headline numbers and reclaim writes. */
    static boolean alike(Comparison cmp, List<Cell> group) {
        if (group.size() < 2) {
            return false;
        }
        List<Metric> metrics = new ArrayList<>(HEADLINE);
        metrics.add(Metric.byKey(PAGES_WRITTEN_BY_RECLAIM));
        for (Cell c : group) {
            if (cmp.cutShort(c) != null) {
                return false;
            }
            for (Metric m : metrics) {
                if (!java.util.Arrays.equals(cmp.values(c, m), cmp.values(group.get(0), m))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The one or two causes that make up most of the stall time, e.g. {@code direct-reclaim 7.2 s, queue-full 5.9 s}. */
    static String mainCauses(List<RunDirectory> runs) {
        double total = 0;
        List<double[]> parts = new ArrayList<>();
        for (int i = 0; i < Explain.STALL_CAUSES.size(); i++) {
            double v = Explain.mean(Explain.STALL_CAUSES.get(i), runs);
            if (!Double.isNaN(v) && v > 0) {
                parts.add(new double[] {i, v});
                total += v;
            }
        }
        parts.sort((a, b) -> Double.compare(b[1], a[1]));
        StringBuilder s = new StringBuilder();
        double shown = 0;
        for (double[] p : parts) {
            if (shown >= 0.8 * total) {
                break;
            }
            s.append(s.length() == 0 ? "" : " and ").append(Explain.STALL_CAUSES.get((int) p[0]).name()).append(' ')
                    .append(Metric.format(p[1])).append(" s");
            shown += p[1];
        }
        return s.toString();
    }

    private static String hazardKinds(RunDirectory run) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Object> e : run.summary().entrySet()) {
            if (e.getKey().startsWith(HAZARDS + ".") && e.getValue() instanceof Number n && n.longValue() > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(e.getKey().substring(HAZARDS.length() + 1)).append(' ').append(n);
            }
        }
        return s.toString();
    }
}
