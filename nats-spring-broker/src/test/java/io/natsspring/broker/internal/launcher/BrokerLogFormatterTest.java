package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The hand-written log line is the same text as SimpleFormatter with the broker's former pattern. */
class BrokerLogFormatterTest {

    private static final String PATTERN = "[%1$tF %1$tT.%1$tL] [%4$s] %5$s%6$s%n";

    @Test
    void sameTextAsTheSimpleFormatterPattern() {
        SimpleFormatter reference = simpleFormatter();
        BrokerLogFormatter ours = new BrokerLogFormatter();
        for (long millis : new long[] {0L, 1_765_000_000_007L, 1_799_999_999_999L, 1_750_000_060_120L}) {
            for (Level level : new Level[] {Level.INFO, Level.WARNING, Level.SEVERE, Level.FINE}) {
                LogRecord r = new LogRecord(level, "Server is ready: listening on 127.0.0.1:4222");
                r.setInstant(Instant.ofEpochMilli(millis));
                assertThat(ours.format(r)).isEqualTo(reference.format(r));
            }
        }
    }

    @Test
    void throwableAndParametersAsTheSimpleFormatter() {
        SimpleFormatter reference = simpleFormatter();
        BrokerLogFormatter ours = new BrokerLogFormatter();
        LogRecord r = new LogRecord(Level.SEVERE, "failed: {0}");
        r.setParameters(new Object[] {"x"});
        r.setThrown(new IllegalStateException("boom"));
        assertThat(ours.format(r)).isEqualTo(reference.format(r)).contains("failed: x", "IllegalStateException: boom");
    }

    private static SimpleFormatter simpleFormatter() {
        String before = System.getProperty(StartupTuning.LOG_FORMAT_PROPERTY);
        System.setProperty(StartupTuning.LOG_FORMAT_PROPERTY, PATTERN);
        try {
            return new SimpleFormatter();
        } finally {
            if (before == null) {
                System.clearProperty(StartupTuning.LOG_FORMAT_PROPERTY);
            } else {
                System.setProperty(StartupTuning.LOG_FORMAT_PROPERTY, before);
            }
        }
    }
}
