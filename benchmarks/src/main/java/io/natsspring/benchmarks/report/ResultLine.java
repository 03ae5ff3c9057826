package io.natsspring.benchmarks.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One machine-readable result: {@code RESULT key=value key=value ...}, fields in insertion order. Values never
 * hold spaces (they are replaced by {@code _}), so the line splits on whitespace.
 */
public final class ResultLine {

    public static final String PREFIX = "RESULT";

    private final Map<String, String> fields = new LinkedHashMap<>();

    /** Adds or replaces a field. */
    public ResultLine with(String key, Object value) {
        fields.put(key, String.valueOf(value).trim().replaceAll("\\s+", "_"));
        return this;
    }

    /** Adds a decimal figure rounded to {@code decimals} places. */
    public ResultLine with(String key, double value, int decimals) {
        return with(key, String.format(java.util.Locale.ROOT, "%." + decimals + "f", value));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** The field as a number, or empty when absent or not numeric. */
    public Optional<Double> number(String key) {
        String v = fields.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** The line as printed. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(PREFIX);
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** Parses a printed line; empty for any other line. */
    public static Optional<ResultLine> parse(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 0 || !parts[0].equals(PREFIX)) {
            return Optional.empty();
        }
        ResultLine r = new ResultLine();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                r.fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return Optional.of(r);
    }
}
