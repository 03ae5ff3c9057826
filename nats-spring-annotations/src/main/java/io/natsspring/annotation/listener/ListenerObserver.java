package io.natsspring.annotation.listener;

import io.nats.client.Message;
import io.natsspring.annotation.metrics.ListenerOutcome;

/**
 * A hook around every message a listener handles, e.g. to continue a trace carried in the message headers.
 * {@link #begin} runs on the handler's thread right before the listener method, so anything it makes current
 * (an observation scope) is visible to the method and to what the method publishes.
 */
@FunctionalInterface
public interface ListenerObserver {

    /** Observes nothing. */
    ListenerObserver NONE = (message, listenerId) -> Observed.NONE;

    Observed begin(Message message, String listenerId);

    /** One observed message. */
    interface Observed {

        Observed NONE = new Observed() {
            @Override
            public void detach() {}

            @Override
            public void end(ListenerOutcome outcome) {}
        };

        /** The listener method returned; the handler's thread leaves whatever {@code begin} made current. */
        void detach();

        /** The message is fully dealt with (replied, acked, nak'd…). */
        void end(ListenerOutcome outcome);
    }
}
