package io.natsspring.kv.listener;

/**
 * Headers of the Spring message a {@link KeyValueListener} change is presented as (usable with {@code @Header} and
 * in error handlers). The message's payload is the stored value as bytes (empty for a delete or purge) and its
 * {@code nats_subject} header the entry's subject, {@code $KV.<bucket>.<key>}.
 */
public final class KeyValueMessageHeaders {

    /** Prefix of the headers. */
    public static final String PREFIX = "nats_kv_";

    /** The bucket ({@code String}). */
    public static final String BUCKET = PREFIX + "bucket";

    /** The key ({@code String}). */
    public static final String KEY = PREFIX + "key";

    /** The operation ({@code io.nats.client.api.KeyValueOperation}). */
    public static final String OPERATION = PREFIX + "operation";

    /** The revision ({@code Long}). */
    public static final String REVISION = PREFIX + "revision";

    /** When the revision was written ({@code java.time.Instant}). */
    public static final String CREATED = PREFIX + "created";

    private KeyValueMessageHeaders() {}
}
