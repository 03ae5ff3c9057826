package io.natsspring.broker.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Receives the operations {@link ClientProtocolParser} decodes. Positions are absolute indexes into the buffer
 * handed to {@code parse}; they are valid only during the call. Each method returns {@code false} to stop
 * parsing (the connection is closing).
 */
public interface ClientOpHandler {

    boolean onConnect(ByteBuf buf, int jsonIndex, int jsonLength);

    /**
     * A PUB ({@code headerLength < 0}) or HPUB. {@code replyLength} is 0 without a reply subject. The message
     * occupies {@code totalLength} bytes from {@code dataIndex}: the header block first (HPUB), then the payload.
     */
    boolean onPublish(
            ByteBuf buf,
            int subjectIndex,
            int subjectLength,
            int replyIndex,
            int replyLength,
            int headerLength,
            int dataIndex,
            int totalLength);

    /** A SUB; {@code queueLength} is 0 without a queue group. */
    boolean onSubscribe(
            ByteBuf buf,
            int subjectIndex,
            int subjectLength,
            int queueIndex,
            int queueLength,
            int sidIndex,
            int sidLength);

    /** An UNSUB; {@code max} is -1 when absent. */
    boolean onUnsubscribe(ByteBuf buf, int sidIndex, int sidLength, long max);

    /**
     * An INFO from the client: nats-server parses its JSON and ignores it (clients have no use for it). The
     * default accepts it; returning {@code false} stops parsing.
     */
    default boolean onInfo(ByteBuf buf, int jsonIndex, int jsonLength) {
        return true;
    }

    boolean onPing();

    boolean onPong();

    /** Called before any other operation once authentication is pending and the first verb is not CONNECT. */
    boolean onOperationBeforeConnect();

    /** The input is unusable; parsing stops for good. */
    void onProtocolError(ProtocolError error);

    /**
     * An HPUB announced more than {@code max_payload} bytes (the connection is closed right after): {@code
     * headerLength} bytes of its header block, those already read, start at {@code headerIndex}; {@code total} is
     * the size it announced. Message tracing reports it; the default ignores it.
     */
    default void onMaxPayloadHeaders(
            ByteBuf buf, int subjectIndex, int subjectLength, int headerIndex, int headerLength, long total) {}
}
