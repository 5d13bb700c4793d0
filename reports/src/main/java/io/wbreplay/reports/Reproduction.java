package io.wbreplay.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published experiment and how the model reproduces it ({@code wbreplay reproduce NAME}): the
 * workload generator's arguments, a sweep file beside the definition, the arms (the published
 * columns, each one cell of the sweep, e.g. {@code traceonly = strategy writepage, kernel 2.6.35}) and
 * the claims, each with its published values and the {@link Criterion criteria} its verdict is decided
 * on, written before the run. A claim the model cannot check names why in {@code notModelled}.
 */
public record Reproduction(String name, String title, String source, String setup, String scaling,
                           List<String> generate, String sweep, Map<String, Map<String, String>> arms,
                           List<Claim> claims) {
    /** Suffix of definition files. */
    public static final String SUFFIX = ".json";

    /**
     * One claim: what it measures ({@code metric}: a dotted summary.json key; the value is
     * {@code scale x metric}, or {@code scale / metric} if {@code reciprocal}), the published numbers
     * per arm and the criteria.
     */
    public record Claim(String claim, String metric, Double scale, Boolean reciprocal, String unit,
                        Map<String, Object> published, List<String> criteria, String notModelled, String note) {
        /** The claim's value in one run. */
        public double value(RunDirectory run) {
            double raw = run.number(metric);
            double s = scale == null ? 1 : scale;
            return Boolean.TRUE.equals(reciprocal) ? s / raw : s * raw;
        }

        /** The published values that are numbers (a claim may publish an outcome in words, such as "OOM"). */
        public Map<String, Double> publishedNumbers() {
            Map<String, Double> m = new LinkedHashMap<>();
            published.forEach((arm, v) -> {
                if (v instanceof Number n) {
                    m.put(arm, n.doubleValue());
                }
            });
            return m;
        }

        /** The arms the claim shows: those with a published value, then those only its criteria name. */
        public List<String> shownArms() {
            List<String> arms = new ArrayList<>(published.keySet());
            for (Criterion k : parsedCriteria()) {
                for (String a : new String[] {k.a(), k.b()}) {
                    if (a != null && !arms.contains(a)) {
                        arms.add(a);
                    }
                }
            }
            return arms;
        }

        /** The parsed criteria. */
        public List<Criterion> parsedCriteria() {
            List<Criterion> list = new ArrayList<>();
            for (String c : criteria == null ? List.<String>of() : criteria) {
                list.add(Criterion.parse(c));
            }
            return list;
        }
    }

    /** The verdict on one claim. */
    public enum Verdict {
        REPRODUCED("reproduced"), NOT_REPRODUCED("not reproduced"), NOT_MODELLED("cannot be checked");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** A claim's outcome: the model's values by arm, each criterion's check and the verdict. */
    public record Outcome(Claim claim, Map<String, Double> model, List<Criterion> criteria,
                          List<Criterion.Check> checks, Verdict verdict) {
    }

    /**
     * Decides a claim on the model's values by arm: reproduced when every criterion holds; a claim
     * marked {@code notModelled} is not decided.
     */
    public static Outcome judge(Claim claim, Map<String, Double> model) {
        List<Criterion> criteria = claim.parsedCriteria();
        List<Criterion.Check> checks = new ArrayList<>();
        if (claim.notModelled() != null) {
            return new Outcome(claim, model, criteria, checks, Verdict.NOT_MODELLED);
        }
        boolean all = true;
        for (Criterion c : criteria) {
            Criterion.Check ch = c.check(model, claim.publishedNumbers());
            checks.add(ch);
            all &= ch.pass();
        }
        return new Outcome(claim, model, criteria, checks, all ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED);
    }

    /** Reads and checks a definition: every field present, every criterion parsed, every arm it names defined. */
    public static Reproduction read(Path file) throws IOException {
        Reproduction r;
        try {
            r = new ObjectMapper().readValue(file.toFile(), Reproduction.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
        String expected = file.getFileName().toString().replaceFirst("\\.json$", "");
        require(file, r.name != null && r.name.equals(expected), "\"name\" must be \"" + expected + "\" (the file's name)");
        require(file, r.title != null && r.source != null && r.setup != null && r.scaling != null,
                "expected \"title\", \"source\", \"setup\" and \"scaling\"");
        require(file, r.claims != null && !r.claims.isEmpty(), "expected a non-empty \"claims\" list");
        if (r.runs()) {
            require(file, r.sweep != null && r.generate != null && !r.generate.isEmpty(), "expected \"sweep\" and \"generate\"");
            require(file, r.arms != null && !r.arms.isEmpty(), "expected \"arms\": name -> {option: value}");
        } else {
            require(file, r.sweep == null && r.generate == null && r.arms == null,
                    "every claim is \"notModelled\": expected no \"sweep\", \"generate\" or \"arms\" (nothing is run)");
        }
        for (Claim c : r.claims) {
            String where = "claim '" + c.claim + "': ";
            require(file, c.claim != null && c.metric != null, "every claim needs \"claim\" and \"metric\"");
            require(file, c.published != null && !c.published.isEmpty(), where + "expected \"published\" values by arm");
            if (c.notModelled != null) {
                require(file, c.criteria == null, where + "a claim that is \"notModelled\" has no \"criteria\"");
                continue;
            }
            require(file, c.criteria != null && !c.criteria.isEmpty(),
                    where + "expected \"criteria\" (or \"notModelled\" saying why it cannot be checked)");
            for (Map.Entry<String, Object> e : c.published.entrySet()) {
                require(file, r.arms.containsKey(e.getKey()), where + "published value for unknown arm '" + e.getKey() + "'");
                require(file, e.getValue() instanceof Number, where + "published value of '" + e.getKey()
                        + "' must be a number (words only for a claim that is \"notModelled\")");
            }
            try {
                for (Criterion k : c.parsedCriteria()) {
                    for (String arm : new String[] {k.a(), k.b()}) {
                        require(file, arm == null || r.arms.containsKey(arm), where + "criterion '" + k.text()
                                + "' names unknown arm '" + arm + "'");
                    }
                    require(file, k.kind() != Criterion.Kind.RATIO_OF_PUBLISHED
                            || (c.published.containsKey(k.a()) && c.published.containsKey(k.b())),
                            where + "criterion '" + k.text() + "' needs published values of both arms");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + where + e.getMessage());
            }
        }
        return r;
    }

    private static void require(Path file, boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IOException(file + ": " + what);
        }
    }

    /** Whether anything is run: some claim can be checked by the model. */
    public boolean runs() {
        return claims.stream().anyMatch(c -> c.notModelled() == null);
    }

    /** The sweep file, beside the definition. */
    public Path sweepFile(Path definition) {
        return definition.resolveSibling(sweep);
    }

    /**
     * The sweep cell of every arm: the one whose strategy and options match the arm's; an arm matching
     * no cell or several is an error naming it.
     */
    public Map<String, Sweep.Point> cells(List<Sweep.Point> points) {
        Map<String, Sweep.Point> byArm = new LinkedHashMap<>();
        arms.forEach((arm, want) -> {
            List<Sweep.Point> match = new ArrayList<>();
            for (Sweep.Point p : points) {
                boolean ok = true;
                for (Map.Entry<String, String> e : want.entrySet()) {
                    String have = e.getKey().equals("strategy") ? p.strategy() : p.options().get(e.getKey());
                    ok &= e.getValue().equals(have);
                }
                if (ok) {
                    match.add(p);
                }
            }
            if (match.size() != 1) {
                throw new IllegalArgumentException(name + ": arm '" + arm + "' " + want + " matches " + match.size()
                        + " cells of " + sweep + ", expected exactly one");
            }
            byArm.put(arm, match.get(0));
        });
        return byArm;
    }
}
