package io.natsspring.boot.kvconfig;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties of one configuration bucket, named {@code nats-kv:<bucket>}. Its content is replaced as a whole
 * when the bucket changes, so a reader never sees half an update.
 */
public class NatsKeyValuePropertySource extends EnumerablePropertySource<String> {

    /** Prefix of the names of these property sources, and of {@code spring.config.import} locations. */
    public static final String PREFIX = "nats-kv:";

    private final boolean optional;

    private final boolean deferred;

    private volatile Map<String, String> properties;

    /**
     * @param bucket     the bucket's name
     * @param properties the properties (see {@link KeyValuePropertyNames})
     * @param optional   whether imported with {@code optional:} (a missing bucket is then no error)
     * @param deferred   whether the bucket is still to be read, inside the application context (when the
     *                   connection was not available at import time)
     */
    public NatsKeyValuePropertySource(
            String bucket, Map<String, String> properties, boolean optional, boolean deferred) {
        super(PREFIX + bucket, bucket);
        this.properties = Map.copyOf(properties);
        this.optional = optional;
        this.deferred = deferred;
    }

    /** The bucket's name. */
    public String getBucket() {
        return getSource();
    }

    /** Whether imported with {@code optional:}. */
    public boolean isOptional() {
        return optional;
    }

    /** Whether the bucket was not read at import time but is read once the application's connection exists. */
    public boolean isDeferred() {
        return deferred;
    }

    /** The current properties. */
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public String[] getPropertyNames() {
        return properties.keySet().toArray(String[]::new);
    }

    @Override
    public Object getProperty(String name) {
        return properties.get(name);
    }

    @Override
    public boolean containsProperty(String name) {
        return properties.containsKey(name);
    }

    /** Replaces the properties; returns the names that were added, removed or changed. */
    public Set<String> replace(Map<String, String> newProperties) {
        Map<String, String> old = properties;
        Map<String, String> next = Map.copyOf(newProperties);
        Set<String> changed = new HashSet<>();
        old.forEach((name, value) -> {
            if (!Objects.equals(value, next.get(name))) {
                changed.add(name);
            }
        });
        next.forEach((name, value) -> {
            if (!old.containsKey(name)) {
                changed.add(name);
            }
        });
        properties = next;
        return changed;
    }
}
