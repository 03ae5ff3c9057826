package io.natsspring.boot.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Logs connection state changes: connects and reconnects at INFO, disconnects and lame-duck mode at WARN. */
public class NatsConnectionEventLogger implements ConnectionListener {

    private static final Log log = LogFactory.getLog(NatsConnectionEventLogger.class);

    @Override
    @SuppressWarnings("deprecation")
    public void connectionEvent(Connection connection, Events event) {
        String server = connection.getConnectedUrl();
        switch (event) {
            case CONNECTED -> log.info("Connected to NATS at " + server);
            case RECONNECTED -> log.info("Reconnected to NATS at " + server);
            case DISCONNECTED ->
                log.warn("Disconnected from NATS; reconnecting (last error: " + connection.getLastError() + ")");
            case LAME_DUCK -> log.warn("NATS server " + server + " entered lame duck mode; it will shut down soon");
            case CLOSED -> log.info("NATS connection closed");
            default -> {
                if (log.isDebugEnabled()) {
                    log.debug("NATS connection event " + event + " (" + server + ")");
                }
            }
        }
    }
}
