package io.natsspring.broker.internal.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The standalone broker's log line, {@code [2026-12-07 21:49:38.123] [INFO] message}, written by hand: the same
 * text as {@link java.util.logging.SimpleFormatter} with {@code [%1$tF %1$tT.%1$tL] [%4$s] %5$s%6$s%n}, without
 * {@link java.util.Formatter}, whose first use loads the CLDR locale data and costs a noticeable part of a cold
 * start.
 */
final class BrokerLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        LocalDateTime t = LocalDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault());
        StringBuilder b = new StringBuilder(64).append('[');
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append(' ');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        pad(b, t.getNano() / 1_000_000, 3).append("] [");
        b.append(record.getLevel().getLocalizedName()).append("] ");
        b.append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter pw = new PrintWriter(trace)) {
                pw.println();
                record.getThrown().printStackTrace(pw);
            }
            b.append(trace);
        }
        return b.append(System.lineSeparator()).toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
