package io.natsspring.broker.internal.jetstream.consumer;

/** Parses and prints durations the way Go's {@code time.Duration} does ({@code 1.5s}, {@code 300ms}, {@code 1m}). */
final class GoDuration {

    private GoDuration() {
    }

    /** Parses {@code [0-9.]+(ns|us|µs|ms|s|m|h)} repeated; throws {@link IllegalArgumentException} otherwise. */
    static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("bad duration " + text);
            }
            double value = Double.parseDouble(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("bad unit in " + text);
            };
            total += (long) (value * unit);
        }
        return total;
    }

    /** Go's {@code Duration.String()} for the common cases ({@code 1s}, {@code 1.5s}, {@code 300ms}, {@code 1m0s}). */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000L == 0) {
                return (nanos / 1_000_000L) + "ms";
            }
            if (nanos % 1_000L == 0) {
                return (nanos / 1_000L) + "µs";
            }
            return nanos + "ns";
        }
        StringBuilder b = new StringBuilder();
        long h = nanos / 3_600_000_000_000L;
        long rest = nanos % 3_600_000_000_000L;
        long m = rest / 60_000_000_000L;
        rest %= 60_000_000_000L;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        long sec = rest / 1_000_000_000L;
        long frac = rest % 1_000_000_000L;
        b.append(sec);
        if (frac != 0) {
            String f = String.format("%09d", frac).replaceAll("0+$", "");
            b.append('.').append(f);
        }
        return b.append('s').toString();
    }
}
