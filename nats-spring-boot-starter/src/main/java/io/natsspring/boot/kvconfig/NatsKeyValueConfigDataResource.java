package io.natsspring.boot.kvconfig;

import io.nats.client.Options;
import java.util.Objects;
import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One {@code nats-kv:<bucket>} import: the bucket, and the connection options to read it at import time
 * ({@code null} when it is read later, through the application's connection).
 */
public final class NatsKeyValueConfigDataResource extends ConfigDataResource {

    private final String bucket;

    private final boolean optional;

    private final Options options;

    private final String deferredReason;

    NatsKeyValueConfigDataResource(String bucket, boolean optional, Options options, String deferredReason) {
        super(optional);
        this.bucket = bucket;
        this.optional = optional;
        this.options = options;
        this.deferredReason = deferredReason;
    }

    /** The bucket's name. */
    public String getBucket() {
        return bucket;
    }

    /** Whether imported with {@code optional:}. */
    public boolean isOptionalImport() {
        return optional;
    }

    /** Options of the connection that reads the bucket at import time, {@code null} when deferred. */
    Options getOptions() {
        return options;
    }

    /** Why the bucket is read later, inside the application context; {@code null} when read at import time. */
    String getDeferredReason() {
        return deferredReason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NatsKeyValueConfigDataResource other && bucket.equals(other.bucket);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket);
    }

    @Override
    public String toString() {
        return "Key-Value bucket '" + bucket + "'";
    }
}
