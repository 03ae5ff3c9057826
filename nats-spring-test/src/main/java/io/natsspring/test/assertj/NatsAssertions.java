package io.natsspring.test.assertj;

import io.nats.client.Message;

/**
 * Entry point for AssertJ assertions on NATS types:
 * {@code NatsAssertions.assertThat(message).hasSubject("orders.created").hasHeader("Nats-Msg-Id", "o-1")
 * .hasJsonPayload("{\"id\":\"o-1\"}")}.
 */
public final class NatsAssertions {

    private NatsAssertions() {}

    /** Assertions on a received message. */
    public static MessageAssert assertThat(Message actual) {
        return new MessageAssert(actual);
    }
}
