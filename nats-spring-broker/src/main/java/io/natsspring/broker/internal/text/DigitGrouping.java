package io.natsspring.broker.internal.text;

/** Numbers with English thousands separators, as the broker's log lines print them. */
public final class DigitGrouping {

    private DigitGrouping() {}

    /**
     * {@code n} with a comma every three digits, as {@link java.text.MessageFormat} writes it in English: built by
     * hand, because the first {@code MessageFormat} of a number loads the CLDR locale data (part of a cold start).
     */
    public static String grouped(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder b = new StringBuilder(n < 0 ? "-" : "");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(i));
        }
        return b.toString();
    }
}
