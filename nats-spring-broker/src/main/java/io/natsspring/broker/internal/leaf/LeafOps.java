package io.natsspring.broker.internal.leaf;

import java.util.List;

/** The operations a leaf-node peer sends, as {@link LeafProtocolParser} decodes them. */
interface LeafOps {

    void info(String json);

    void connect(String json);

    void ping();

    void pong();

    void ok();

    void err(String message);

    /** {@code LS+ subject [queue weight]}; {@code queue} {@code null} for a plain subscription. */
    void subscribe(String subject, String queue, int weight);

    /** {@code LS- subject [queue]}. */
    void unsubscribe(String subject, String queue);

    /**
     * {@code LMSG}/{@code HMSG}: {@code headers} {@code null} for none; {@code queues} the receiving queue groups
     * chosen by the sender (empty: plain subscribers only).
     */
    void message(String subject, String reply, List<String> queues, byte[] headers, byte[] payload);

    /** A malformed or unknown operation: the link is closed with this error. */
    void protocolError(String message);
}
