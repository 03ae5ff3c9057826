package io.natsspring.annotation.jetstream;

import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link Acknowledgment} of one JetStream message, settling it through jnats at most once. */
public final class JetStreamAcknowledgment implements Acknowledgment {

    private static final String TERM_REASON_SINCE = "2.11.0";

    private final Message message;
    private final Connection connection;
    private final AtomicBoolean settled = new AtomicBoolean();

    public JetStreamAcknowledgment(Message message, Connection connection) {
        this.message = message;
        this.connection = connection;
    }

    /** The message this handle settles. */
    public Message message() {
        return message;
    }

    @Override
    public void ack() {
        if (settle()) {
            message.ack();
        }
    }

    @Override
    public void ackSync(Duration timeout) throws TimeoutException, InterruptedException {
        if (settle()) {
            message.ackSync(timeout);
        }
    }

    @Override
    public void nak() {
        if (settle()) {
            message.nak();
        }
    }

    @Override
    public void nak(Duration delay) {
        if (settle()) {
            if (delay.isZero() || delay.isNegative()) {
                message.nak();
            } else {
                message.nakWithDelay(delay);
            }
        }
    }

    @Override
    public void inProgress() {
        if (!settled.get()) {
            message.inProgress();
        }
    }

    @Override
    public void term() {
        if (settle()) {
            message.term();
        }
    }

    @Override
    public void term(String reason) {
        if (!settle()) {
            return;
        }
        String replyTo = message.getReplyTo();
        if (reason.isBlank() || replyTo == null || !serverTakesTermReasons()) {
            message.term();
            return;
        }
        // jnats has no term-with-reason yet; the protocol body is "+TERM <reason>" on the ack subject.
        connection.publish(replyTo, ("+TERM " + reason.replace('\n', ' ')).getBytes(StandardCharsets.UTF_8));
    }

    /** Servers before 2.11 may only recognise a bare {@code +TERM}; a reason would make them ignore the term. */
    private boolean serverTakesTermReasons() {
        return connection.getServerInfo() != null
                && connection.getServerInfo().isSameOrNewerThanVersion(TERM_REASON_SINCE);
    }

    @Override
    public boolean isSettled() {
        return settled.get();
    }

    private boolean settle() {
        return settled.compareAndSet(false, true);
    }
}
