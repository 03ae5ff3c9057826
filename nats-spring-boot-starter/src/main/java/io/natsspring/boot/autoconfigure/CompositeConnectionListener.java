package io.natsspring.boot.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.util.List;

/** Passes connection events to every {@link ConnectionListener} bean (jnats accepts one in its options). */
final class CompositeConnectionListener implements ConnectionListener {

    private final List<ConnectionListener> delegates;

    CompositeConnectionListener(List<ConnectionListener> delegates) {
        this.delegates = List.copyOf(delegates);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void connectionEvent(Connection connection, Events event) {
        for (ConnectionListener delegate : delegates) {
            delegate.connectionEvent(connection, event);
        }
    }

    @Override
    public void connectionEvent(Connection connection, Events event, Long time, String uriDetails) {
        for (ConnectionListener delegate : delegates) {
            delegate.connectionEvent(connection, event, time, uriDetails);
        }
    }
}
