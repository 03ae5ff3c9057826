package io.natsspring.boot.autoconfigure.validation;

import io.natsspring.boot.autoconfigure.NatsProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds {@code nats.*} names in the environment's property sources that {@link NatsProperties} does not bind
 * (Spring Boot's binder ignores them silently), with the nearest valid name for each.
 */
final class UnknownProperties {

    private static final ConfigurationPropertyName NATS = ConfigurationPropertyName.of("nats");

    private UnknownProperties() {}

    /**
     * One unknown key.
     *
     * @param environmentVariable whether it comes from an environment variable (other NATS tools use NATS_* too)
     */
    record Unknown(String name, String origin, String hint, boolean environmentVariable) {

        String describe() {
            return name + " is not a NATS Spring property" + (origin == null ? "" : " (" + origin + ")") + hint;
        }
    }

    static List<Unknown> find(Environment environment, ClassLoader classLoader) {
        NatsPropertyTree tree = NatsPropertyTree.of("nats", NatsProperties.class, classLoader);
        Set<String> seen = new LinkedHashSet<>();
        List<Unknown> unknown = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean environmentVariables = isEnvironmentVariables(source);
            iterable.filter(NATS::isAncestorOf).stream()
                    .forEach(name -> tree.check(name).ifPresent(mismatch -> {
                        if (seen.add(name.toString())) {
                            ConfigurationProperty property = source.getConfigurationProperty(name);
                            String origin = property == null || property.getOrigin() == null
                                    ? null
                                    : property.getOrigin().toString();
                            unknown.add(new Unknown(name.toString(), origin, hint(mismatch), environmentVariables));
                        }
                    }));
        }
        return unknown;
    }

    private static String hint(NatsPropertyTree.Mismatch mismatch) {
        return mismatch.suggestion()
                .map(s -> "; did you mean " + s + "?")
                .orElseGet(() -> mismatch.candidates().isEmpty()
                        ? "; " + mismatch.parent() + " takes no sub-keys"
                        : "; valid keys under " + mismatch.parent() + ": " + String.join(", ", mismatch.candidates()));
    }

    private static boolean isEnvironmentVariables(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> ps
                && (ps instanceof SystemEnvironmentPropertySource
                        || ps.getName().contains("systemEnvironment"));
    }
}
