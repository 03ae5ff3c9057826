package io.natsspring.annotation.support;

/**
 * Names of the Spring message headers that carry NATS and JetStream details. Bind them with
 * {@code @Header(NatsMessageHeaders.DELIVERED_COUNT) long deliveries}; NATS headers keep their own names.
 */
public final class NatsMessageHeaders {

    /** Prefix of every header defined here. */
    public static final String PREFIX = "nats_";

    /** The subject the message was published on ({@code String}). */
    public static final String SUBJECT = PREFIX + "subject";

    /** The reply subject, when the message is a request ({@code String}). */
    public static final String REPLY_TO = PREFIX + "replyTo";

    /** The jnats {@code io.nats.client.Message}. */
    public static final String RAW_MESSAGE = PREFIX + "rawMessage";

    /** The JetStream stream name ({@code String}). */
    public static final String STREAM = PREFIX + "stream";

    /** The JetStream consumer name ({@code String}). */
    public static final String CONSUMER = PREFIX + "consumer";

    /** The message's sequence in its stream ({@code Long}). */
    public static final String STREAM_SEQUENCE = PREFIX + "streamSequence";

    /** The delivery's sequence in its consumer ({@code Long}). */
    public static final String CONSUMER_SEQUENCE = PREFIX + "consumerSequence";

    /** How many times this message was delivered, this delivery included ({@code Long}). */
    public static final String DELIVERED_COUNT = PREFIX + "deliveredCount";

    /** Messages still pending for the consumer after this one ({@code Long}). */
    public static final String PENDING = PREFIX + "pending";

    /** When the message was stored ({@code java.time.ZonedDateTime}). */
    public static final String TIMESTAMP = PREFIX + "timestamp";

    /** The {@link io.natsspring.annotation.jetstream.Acknowledgment} of a JetStream message. */
    public static final String ACKNOWLEDGMENT = PREFIX + "acknowledgment";

    /** The NATS header carrying the payload's content type. */
    public static final String NATS_CONTENT_TYPE = "Content-Type";

    private NatsMessageHeaders() {}
}
