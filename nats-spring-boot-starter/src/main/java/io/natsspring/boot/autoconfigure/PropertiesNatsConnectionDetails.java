package io.natsspring.boot.autoconfigure;

import java.util.List;

/** {@link NatsConnectionDetails} read from {@code nats.servers}, {@code nats.username}, {@code nats.password}, {@code nats.token}. */
public class PropertiesNatsConnectionDetails implements NatsConnectionDetails {

    /** Used in remote mode when {@code nats.servers} is empty. */
    public static final String DEFAULT_SERVER = "nats://localhost:4222";

    private final NatsProperties properties;

    public PropertiesNatsConnectionDetails(NatsProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<String> getServers() {
        return properties.getServers().isEmpty() ? List.of(DEFAULT_SERVER) : List.copyOf(properties.getServers());
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
