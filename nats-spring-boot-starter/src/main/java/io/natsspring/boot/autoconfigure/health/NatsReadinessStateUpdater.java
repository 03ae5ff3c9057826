package io.natsspring.boot.autoconfigure.health;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Makes the NATS connection part of the application's readiness: losing the connection publishes
 * {@link ReadinessState#REFUSING_TRAFFIC}, getting it back publishes {@link ReadinessState#ACCEPTING_TRAFFIC}
 * again. It only ever restores the readiness it took away, and leaves shutdown ({@code CLOSED}) alone.
 */
public class NatsReadinessStateUpdater implements ConnectionListener {

    private final ApplicationEventPublisher publisher;
    private final AtomicBoolean refusing = new AtomicBoolean();

    public NatsReadinessStateUpdater(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void connectionEvent(Connection connection, Events event) {
        switch (event) {
            case DISCONNECTED -> {
                if (refusing.compareAndSet(false, true)) {
                    AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
                }
            }
            case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
                if (refusing.compareAndSet(true, false)) {
                    AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
                }
            }
            default -> {}
        }
    }
}
