package io.natsspring.broker.internal.jetstream.base;

import java.time.YearMonth;

/**
 * Why Go's {@code time.Time} would refuse an RFC 3339 string, worded as Go words it
 * ({@code parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"}), or {@code null}.
 */
final class GoTimeSyntax {

    private static final String LAYOUT = "2006-01-02T15:04:05Z07:00";
    private static final String[] ELEMENTS = {"2006", "-", "01", "-", "02", "T", "15", ":", "04", ":", "05"};

    private GoTimeSyntax() {}

    static String problem(String text) {
        int pos = 0;
        int[] numbers = new int[6];
        int n = 0;
        for (String e : ELEMENTS) {
            if (Character.isDigit(e.charAt(0))) {
                if (!digits(text, pos, e.length())) {
                    return cannotParse(text, pos, e);
                }
                numbers[n++] = Integer.parseInt(text.substring(pos, pos + e.length()));
                pos += e.length();
            } else if (text.startsWith(e, pos)) {
                pos += e.length();
            } else {
                return cannotParse(text, pos, e);
            }
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                return cannotParse(text, start - 1, "Z07:00");
            }
        }
        if (text.startsWith("Z", pos)) {
            pos++;
        } else if (pos < text.length()
                && (text.charAt(pos) == '+' || text.charAt(pos) == '-')
                && digits(text, pos + 1, 2)
                && text.startsWith(":", pos + 3)
                && digits(text, pos + 4, 2)) {
            pos += 6;
        } else {
            return cannotParse(text, pos, "Z07:00");
        }
        if (pos != text.length()) {
            return "parsing time " + GoJsonErrors.quote(text) + ": extra text: "
                    + GoJsonErrors.quote(text.substring(pos));
        }
        String range = outOfRange(numbers);
        return range == null ? null : "parsing time " + GoJsonErrors.quote(text) + ": " + range + " out of range";
    }

    private static String outOfRange(int[] v) {
        if (v[1] < 1 || v[1] > 12) {
            return "month";
        }
        if (v[2] < 1 || v[2] > YearMonth.of(v[0], v[1]).lengthOfMonth()) {
            return "day";
        }
        if (v[3] > 23) {
            return "hour";
        }
        if (v[4] > 59) {
            return "minute";
        }
        return v[5] > 59 ? "second" : null;
    }

    private static boolean digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!Character.isDigit(text.charAt(i)) || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String cannotParse(String text, int pos, String element) {
        return "parsing time " + GoJsonErrors.quote(text) + " as " + GoJsonErrors.quote(LAYOUT) + ": cannot parse "
                + GoJsonErrors.quote(text.substring(pos)) + " as " + GoJsonErrors.quote(element);
    }
}
