package io.natsspring.annotation.jetstream;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Manual control over a JetStream message, bound as a parameter of {@code @JetStreamConsumer} methods. The first
 * settling call ({@code ack}, {@code ackSync}, {@code nak}, {@code term}) wins; later ones are ignored. With
 * {@code AckMode.AUTO} the container settles only messages the handler left unsettled.
 */
public interface Acknowledgment {

    /** Acknowledges the message: it will not be redelivered. */
    void ack();

    /**
     * Acknowledges and waits for the server to confirm, for exactly-once processing together with publish
     * de-duplication.
     *
     * @throws TimeoutException when the server did not confirm within {@code timeout}
     */
    void ackSync(Duration timeout) throws TimeoutException, InterruptedException;

    /** Negatively acknowledges: redeliver now (or after the consumer's backoff, server side). */
    void nak();

    /** Negatively acknowledges: redeliver after {@code delay}. */
    void nak(Duration delay);

    /** Tells the server the handler is still working, resetting the ack-wait timer. Does not settle. */
    void inProgress();

    /** Terminates: never redeliver. */
    void term();

    /** Terminates with a reason the server records in its advisory (sent as a bare term to servers before 2.11). */
    void term(String reason);

    /** Whether the message has been settled by one of the calls above. */
    boolean isSettled();
}
