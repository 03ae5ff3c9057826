package io.natsspring.boot.kvconfig;

/** A configuration bucket ({@code spring.config.import=nats-kv:<bucket>}) could not be read; names the bucket. */
public class NatsKeyValueConfigException extends RuntimeException {

    private final String bucket;

    public NatsKeyValueConfigException(String bucket, String message, Throwable cause) {
        super(message, cause);
        this.bucket = bucket;
    }

    /** The bucket's name. */
    public String getBucket() {
        return bucket;
    }
}
