package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.broker.NatsBroker;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;

/**
 * Connection details that point at the running embedded broker, with its TLS bundle and the credentials of the
 * user the application logs in as (see {@link AppCredentials}: {@code nats.*} credentials when set, else
 * {@code nats.broker.app-user} or its default).
 */
public class EmbeddedBrokerConnectionDetails implements NatsConnectionDetails {

    private final NatsBroker broker;
    private final NatsProperties properties;
    private final SslBundle sslBundle;
    private final AppCredentials credentials;

    public EmbeddedBrokerConnectionDetails(NatsBroker broker, NatsProperties properties) {
        this(broker, properties, null);
    }

    /**
     * With the SSL bundle the broker's TLS came from ({@code null} without TLS), used by the connection too.
     *
     * @throws EmbeddedBrokerConfigurationException when the application's user can not be logged in as
     */
    public EmbeddedBrokerConnectionDetails(NatsBroker broker, NatsProperties properties, SslBundle sslBundle) {
        this.broker = broker;
        this.properties = properties;
        this.sslBundle = sslBundle;
        this.credentials = AppCredentials.resolve(properties, broker.options());
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
        return credentials.username();
    }

    @Override
    public String getPassword() {
        return credentials.password();
    }

    @Override
    public String getToken() {
        return credentials.token();
    }

    @Override
    public String getNkeySeed() {
        return credentials.nkeySeed();
    }
}
