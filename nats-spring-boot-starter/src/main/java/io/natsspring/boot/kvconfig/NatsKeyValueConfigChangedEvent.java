package io.natsspring.boot.kvconfig;

import java.util.Set;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the properties of a configuration bucket ({@code spring.config.import=nats-kv:<bucket>}) changed,
 * after the {@code @ConfigurationProperties} beans were re-bound. The source is the application context.
 */
public class NatsKeyValueConfigChangedEvent extends ApplicationEvent {

    private final String bucket;

    private final Set<String> propertyNames;

    public NatsKeyValueConfigChangedEvent(Object source, String bucket, Set<String> propertyNames) {
        super(source);
        this.bucket = bucket;
        this.propertyNames = Set.copyOf(propertyNames);
    }

    /** The bucket that changed. */
    public String getBucket() {
        return bucket;
    }

    /** The properties that were added, changed or removed. */
    public Set<String> getPropertyNames() {
        return propertyNames;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[bucket=" + bucket + ", properties=" + propertyNames + "]";
    }
}
