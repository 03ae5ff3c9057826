package io.natsspring.boot.kvconfig;

/** The bucket of {@code spring.config.import=nats-kv:<bucket>} does not exist on the server. */
public class NatsKeyValueConfigBucketNotFoundException extends NatsKeyValueConfigException {

    public NatsKeyValueConfigBucketNotFoundException(String bucket, String servers) {
        super(
                bucket,
                "Key-Value bucket '" + bucket + "' (spring.config.import=nats-kv:" + bucket
                        + ") does not exist on " + servers
                        + ": create it, declare it under nats.jetstream.key-value, or"
                        + " import it with optional:nats-kv:" + bucket,
                null);
    }
}
