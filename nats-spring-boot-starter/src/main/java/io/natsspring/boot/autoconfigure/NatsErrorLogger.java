package io.natsspring.boot.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.support.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Logs errors reported asynchronously by the connection: server errors, exceptions, slow consumers. */
public class NatsErrorLogger implements ErrorListener {

    private static final Log log = LogFactory.getLog(NatsErrorLogger.class);

    @Override
    public void errorOccurred(Connection conn, String error) {
        log.error("NATS server reported an error: " + error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        log.warn("NATS connection error: " + exp, exp);
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        log.warn("NATS slow consumer: pending " + consumer.getPendingMessageCount() + " messages, dropped "
                + consumer.getDroppedCount());
    }

    @Override
    public void messageDiscarded(Connection conn, Message msg) {
        log.warn("NATS message discarded (outgoing queue full) on subject " + msg.getSubject());
    }

    @Override
    public void heartbeatAlarm(
            Connection conn, JetStreamSubscription sub, long lastStreamSequence, long lastConsumerSequence) {
        log.warn("JetStream heartbeat missed on subscription " + sub.getSubject() + " (last stream sequence "
                + lastStreamSequence + ")");
    }

    @Override
    public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
        log.warn("JetStream pull error on " + sub.getSubject() + ": " + status);
    }
}
