package io.wbreplay.traces.json;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Decimal text for doubles that does not depend on the JDK's float-to-string algorithm. */
public final class Decimal {
    private Decimal() {
    }

    /**
     * {@code value} with exactly {@code decimals} digits after the point, rounded as C's
     * {@code printf("%.Nf")} rounds: the exact binary value, ties to even. (Java's {@code String.format}
     * rounds ties up, so 0.125 would differ.)
     */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@link #fixed} with trailing zeros (and a trailing point) removed: 2.500 -> 2.5, 3.000 -> 3. */
    public static String trimmed(double value, int decimals) {
        BigDecimal d = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        String s = d.toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
