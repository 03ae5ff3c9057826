package io.natsspring.broker.internal.system;

import java.util.List;

/**
 * An answer of several messages, published in order to the request's reply subject as they are (as {@code
 * nats-server} answers {@code $SYS.REQ.CLAIMS.PACK}: one message per JWT, then an empty one).
 *
 * @param messages the message bodies
 */
public record SystemAnswers(List<byte[]> messages) {

    public SystemAnswers {
        messages = List.copyOf(messages);
    }
}
