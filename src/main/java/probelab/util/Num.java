package probelab.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Numbers as a person writes them: {@code 0.0005}, {@code 0.01}, {@code 0.3431}, {@code 1e-07},
 * never {@code 0.000500000} or {@code 0.34310000000000024}. Four significant digits at most,
 * no trailing zeros; integers as integers.
 */
public final class Num {
    private Num() {}

    public static String format(double v) {
        return format(v, 4);
    }

    /** {@code v} to at most {@code digits} significant digits. */
    public static String format(double v, int digits) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
        if (v == 0) return "0";
        BigDecimal b = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        double a = Math.abs(b.doubleValue());
        if (a >= 1e-4 && a < 1e9) {
            String s = b.toPlainString();
            return s.equals("-0") ? "0" : s;
        }
        String mantissa = b.unscaledValue().toString();
        boolean neg = mantissa.startsWith("-");
        if (neg) mantissa = mantissa.substring(1);
        int exp = mantissa.length() - 1 - b.scale();
        String m = mantissa.length() == 1 ? mantissa : mantissa.charAt(0) + "." + mantissa.substring(1);
        return String.format(Locale.ROOT, "%s%se%s%02d", neg ? "-" : "", m, exp < 0 ? "-" : "+", Math.abs(exp));
    }
}
