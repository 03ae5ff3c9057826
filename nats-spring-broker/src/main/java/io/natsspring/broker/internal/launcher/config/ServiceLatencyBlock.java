package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.Locale;

/**
 * Reads a service export's {@code latency: subject} or {@code latency { sampling, subject }} as
 * {@code nats-server} does: {@code sampling} an integer or a percentage ({@code 50%}) from 1 to 100 (default 100),
 * or {@code headers}; {@code subject} required.
 */
final class ServiceLatencyBlock {

    private ServiceLatencyBlock() {}

    static AccountConfig.Latency read(ConfigEntry latency) {
        if (latency.value() instanceof ConfigString s) {
            return new AccountConfig.Latency(100, subject(latency, s.value()));
        }
        if (!(latency.value() instanceof ConfigMap block)) {
            throw new ConfigException(
                    latency.location(),
                    "Expected latency entry to be a map/struct or string, got "
                            + latency.value().describe());
        }
        int sampling = 100;
        String subject = null;
        for (ConfigEntry e : block.entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "sampling" -> sampling = sampling(e);
                case "subject" -> {
                    if (!(e.value() instanceof ConfigString s)) {
                        throw new ConfigException(
                                e.location(),
                                "Expected latency subject to be a string, got "
                                        + e.value().describe());
                    }
                    subject = subject(e, s.value());
                }
                default -> throw SettingProblems.unknown(e, "latency");
            }
        }
        if (subject == null) {
            throw new ConfigException(latency.location(), "Latency subject required, but missing");
        }
        return new AccountConfig.Latency(sampling, subject);
    }

    private static int sampling(ConfigEntry e) {
        long n;
        if (e.value() instanceof ConfigInteger i) {
            n = i.value();
        } else if (e.value() instanceof ConfigString s) {
            String text = s.value().trim();
            if (text.toLowerCase(Locale.ROOT).equals("headers")) {
                return 0;
            }
            try {
                n = Long.parseLong(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
            } catch (NumberFormatException ex) {
                throw new ConfigException(e.location(), "Failed to parse latency sample: " + text);
            }
        } else {
            throw new ConfigException(
                    e.location(),
                    "Expected latency sample to be a string or map/struct, got "
                            + e.value().describe());
        }
        if (n < 1 || n > 100) {
            throw new ConfigException(e.location(), "bad sampling percentage, should be 1-100");
        }
        return (int) n;
    }

    private static String subject(ConfigEntry e, String subject) {
        if (!Subjects.isValidPublishSubject(subject)) {
            throw EntryValues.invalid(e, "latency subject \"" + subject + "\" is not a valid publish subject");
        }
        return subject;
    }
}
