package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.broker.NatsBroker;
import java.util.List;

/** Connection details that point at the running embedded broker; credentials still come from {@code nats.*}. */
public class EmbeddedBrokerConnectionDetails implements NatsConnectionDetails {

    private final NatsBroker broker;
    private final NatsProperties properties;

    public EmbeddedBrokerConnectionDetails(NatsBroker broker, NatsProperties properties) {
        this.broker = broker;
        this.properties = properties;
    }

    @Override
    public List<String> getServers() {
        String host = broker.options().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return List.of("nats://" + host + ":" + broker.port());
    }

    @Override
    public String getUsername() {
        return properties.getUsername();
    }

    @Override
    public String getPassword() {
        return properties.getPassword();
    }

    @Override
    public String getToken() {
        return properties.getToken();
    }
}
