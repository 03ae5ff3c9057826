package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.broker.NatsBroker;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;

/** Connection details that point at the running embedded broker; credentials still come from {@code nats.*}. */
public class EmbeddedBrokerConnectionDetails implements NatsConnectionDetails {

    private final NatsBroker broker;
    private final NatsProperties properties;
    private final SslBundle sslBundle;

    public EmbeddedBrokerConnectionDetails(NatsBroker broker, NatsProperties properties) {
        this(broker, properties, null);
    }

    /** With the SSL bundle the broker's TLS came from ({@code null} without TLS), used by the connection too. */
    public EmbeddedBrokerConnectionDetails(NatsBroker broker, NatsProperties properties, SslBundle sslBundle) {
        this.broker = broker;
        this.properties = properties;
        this.sslBundle = sslBundle;
    }

    @Override
    public SslBundle getSslBundle() {
        return sslBundle;
    }

    @Override
    public boolean isTlsFirst() {
        return broker.options().tls() != null && broker.options().tls().handshakeFirst();
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
