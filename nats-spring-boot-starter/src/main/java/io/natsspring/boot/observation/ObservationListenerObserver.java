package io.natsspring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Message;
import io.natsspring.annotation.listener.ListenerObserver;
import io.natsspring.annotation.metrics.ListenerOutcome;
import java.util.Locale;

/**
 * Observes every message a {@code @NatsListener} / {@code @JetStreamConsumer} method handles with
 * {@link NatsObservations#receive}: the trace carried in the message headers continues in the listener method
 * (and in whatever it publishes); the observation ends when the message is settled, tagged with its outcome.
 */
public final class ObservationListenerObserver implements ListenerObserver {

    /** Low-cardinality key with the listener outcome ({@code success}, {@code failure}, {@code term}…). */
    public static final String OUTCOME_KEY = "nats.listener.outcome";

    private final ObservationRegistry registry;

    public ObservationListenerObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Observed begin(Message message, String listenerId) {
        Observation observation =
                NatsObservations.receive(message, listenerId, registry).start();
        Observation.Scope scope = observation.openScope();
        return new Observed() {
            @Override
            public void detach() {
                scope.close();
            }

            @Override
            public void end(ListenerOutcome outcome) {
                observation.lowCardinalityKeyValue(OUTCOME_KEY, outcome.name().toLowerCase(Locale.ROOT));
                observation.stop();
            }
        };
    }
}
