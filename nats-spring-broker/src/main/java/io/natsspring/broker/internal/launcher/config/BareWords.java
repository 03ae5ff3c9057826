package io.natsspring.broker.internal.launcher.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives an unquoted word its type: integer, size (an integer with a unit), decimal, boolean, else string.
 * Size units follow {@code nats-server}: a bare letter is decimal ({@code 1K} = 1000, {@code 1M} = 10^6,
 * {@code G}, {@code T}, {@code P}), a letter followed by {@code B}, {@code I} or {@code IB} is binary
 * ({@code 1KB} = {@code 1KiB} = 1024, {@code 1MB} = 1024², ...). Case does not matter.
 */
final class BareWords {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+)");
    private static final Pattern SIZE = Pattern.compile("([+-]?\\d+)([kmgtp])(b|ib?)?", Pattern.CASE_INSENSITIVE);
    private static final String UNIT_LETTERS = "kmgtp";

    private BareWords() {}

    static ConfigValue toValue(String word, ConfigLocation location) {
        try {
            if (INTEGER.matcher(word).matches()) {
                return new ConfigInteger(Long.parseLong(word), word, location);
            }
            Matcher size = SIZE.matcher(word);
            if (size.matches()) {
                return new ConfigInteger(applyUnit(size), word, location);
            }
            if (DECIMAL.matcher(word).matches()) {
                return new ConfigDecimal(Double.parseDouble(word), word, location);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(location, "the number " + word + " is out of range");
        }
        switch (word.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return new ConfigBoolean(true, location);
            case "false", "no", "off":
                return new ConfigBoolean(false, location);
            default:
                return new ConfigString(word, location);
        }
    }

    private static long applyUnit(Matcher size) {
        long number = Long.parseLong(size.group(1));
        int power = UNIT_LETTERS.indexOf(Character.toLowerCase(size.group(2).charAt(0))) + 1;
        long base = size.group(3) == null ? 1000 : 1024;
        for (int i = 0; i < power; i++) {
            number = Math.multiplyExact(number, base);
        }
        return number;
    }
}
