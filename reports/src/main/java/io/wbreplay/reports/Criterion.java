package io.wbreplay.reports;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One criterion of a published claim, written in a reproduction's definition before the run, on the
 * shape of the result rather than its absolute numbers (those depend on the hardware). Arms are the
 * definition's names for the compared runs (e.g. {@code traceonly}, {@code nodirect}). Forms:
 * <ul>
 * <li>{@code A > B}, {@code A < B}: direction;</li>
 * <li>{@code A == 0}, {@code A > 0}: a value that must be (or must not be) zero;</li>
 * <li>{@code A / B within LO-HI x published}: the model's ratio A/B is within LO to HI times the
 *     published ratio of the same arms;</li>
 * <li>{@code A / B within LO-HI}: the model's ratio A/B itself is within LO to HI;</li>
 * <li>{@code A within LO-HI}: the model's value of A is within LO to HI.</li>
 * </ul>
 */
public record Criterion(String text, Kind kind, String a, String b, double lo, double hi) {
    /** The forms above. */
    public enum Kind { GREATER, LESS, ZERO, NONZERO, RATIO_OF_PUBLISHED, RATIO, RANGE }

    private static final String ARM = "([A-Za-z][\\w.-]*)";
    private static final String NUM = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Pattern COMPARE = Pattern.compile(ARM + "\\s*([<>])\\s*" + ARM);
    private static final Pattern ZERO = Pattern.compile(ARM + "\\s*(==|>)\\s*0");
    private static final Pattern RATIO = Pattern.compile(ARM + "\\s*/\\s*" + ARM + "\\s+within\\s+" + NUM + "\\s*-\\s*"
            + NUM + "(\\s*x\\s+published)?");
    private static final Pattern RANGE = Pattern.compile(ARM + "\\s+within\\s+" + NUM + "\\s*-\\s*" + NUM);

    /** Parses one criterion; the message of the exception says what was expected. */
    public static Criterion parse(String text) {
        String t = text.strip();
        Matcher m;
        if ((m = ZERO.matcher(t)).matches()) {
            return new Criterion(t, m.group(2).equals("==") ? Kind.ZERO : Kind.NONZERO, m.group(1), null, 0, 0);
        }
        if ((m = COMPARE.matcher(t)).matches()) {
            return new Criterion(t, m.group(2).equals(">") ? Kind.GREATER : Kind.LESS, m.group(1), m.group(3), 0, 0);
        }
        if ((m = RATIO.matcher(t)).matches()) {
            return new Criterion(t, m.group(5) != null ? Kind.RATIO_OF_PUBLISHED : Kind.RATIO, m.group(1), m.group(2),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
        }
        if ((m = RANGE.matcher(t)).matches()) {
            return new Criterion(t, Kind.RANGE, m.group(1), null, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
        }
        throw new IllegalArgumentException("criterion '" + t + "': expected 'A > B', 'A < B', 'A == 0', 'A > 0', "
                + "'A / B within LO-HI [x published]' or 'A within LO-HI'");
    }

    /** The outcome of checking one criterion: whether it holds and the numbers it was decided on. */
    public record Check(boolean pass, String detail) {
    }

    /**
     * Checks this criterion on the model's values (by arm), with the published values (by arm) for
     * ratios of the published ones. A value the run did not produce (NaN) fails the criterion.
     */
    public Check check(Map<String, Double> model, Map<String, Double> published) {
        double va = model.getOrDefault(a, Double.NaN);
        double vb = b == null ? Double.NaN : model.getOrDefault(b, Double.NaN);
        switch (kind) {
            case GREATER:
                return new Check(va > vb, fmt(va) + " vs " + fmt(vb));
            case LESS:
                return new Check(va < vb, fmt(va) + " vs " + fmt(vb));
            case ZERO:
                return new Check(va == 0, fmt(va));
            case NONZERO:
                return new Check(va > 0, fmt(va));
            case RANGE:
                return new Check(va >= lo && va <= hi, fmt(va));
            case RATIO: {
                double r = va / vb;
                return new Check(r >= lo && r <= hi, "ratio " + fmt(r));
            }
            case RATIO_OF_PUBLISHED: {
                double r = va / vb;
                double pr = published.getOrDefault(a, Double.NaN) / published.getOrDefault(b, Double.NaN);
                double rel = r / pr;
                return new Check(rel >= lo && rel <= hi,
                        "ratio " + fmt(r) + " (published " + fmt(pr) + ", " + fmt(rel) + "x)");
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** Compact rendering of a model or published number: integers as integers, else 3 significant digits. */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        double x = Math.abs(v);
        return String.format(Locale.ROOT, x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : x >= 1 ? "%.2f" : "%.3g", v);
    }
}
