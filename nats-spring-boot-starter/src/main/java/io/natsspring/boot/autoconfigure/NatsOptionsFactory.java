package io.natsspring.boot.autoconfigure;

import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.util.List;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/** Builds the jnats {@link Options} from {@link NatsProperties}, {@link NatsConnectionDetails} and customizers. */
public class NatsOptionsFactory {

    private final NatsProperties properties;
    private final NatsConnectionDetails details;
    private final SslBundles sslBundles;

    /**
     * @param sslBundles the application's SSL bundles, or {@code null} when none are configured (then
     *                   {@code nats.ssl.bundle} can not be used)
     */
    public NatsOptionsFactory(NatsProperties properties, NatsConnectionDetails details, SslBundles sslBundles) {
        this.properties = properties;
        this.details = details;
        this.sslBundles = sslBundles;
    }

    /** A builder with servers, credentials, TLS, timeouts and listeners applied, then the customizers. */
    public Options.Builder createBuilder(
            String defaultConnectionName,
            ConnectionListener connectionListener,
            ErrorListener errorListener,
            List<NatsOptionsCustomizer> customizers) {
        Options.Builder b = new Options.Builder()
                .servers(details.getServers().toArray(String[]::new))
                .connectionTimeout(properties.getConnectionTimeout())
                .reconnectWait(properties.getReconnectWait())
                .maxReconnects(properties.getMaxReconnects())
                .reconnectBufferSize(properties.getReconnectBufferSize().toBytes())
                .pingInterval(properties.getPingInterval())
                .inboxPrefix(properties.getInboxPrefix());
        String name = StringUtils.hasText(properties.getConnectionName())
                ? properties.getConnectionName()
                : defaultConnectionName;
        if (StringUtils.hasText(name)) {
            b.connectionName(name);
        }
        applyAuthentication(b);
        String bundle = properties.getSsl().getBundle();
        if (StringUtils.hasText(bundle)) {
            if (sslBundles == null) {
                throw new IllegalStateException("nats.ssl.bundle=" + bundle
                        + " is set but no SSL bundles are configured (spring.ssl.bundle.*)");
            }
            b.sslContext(sslBundles.getBundle(bundle).createSslContext());
        } else if (details.getSslBundle() != null) {
            b.sslContext(details.getSslBundle().createSslContext());
        }
        if (details.isTlsFirst()) {
            b.tlsFirst();
        }
        if (connectionListener != null) {
            b.connectionListener(connectionListener);
        }
        if (errorListener != null) {
            b.errorListener(errorListener);
        }
        for (NatsOptionsCustomizer customizer : customizers) {
            customizer.customize(b);
        }
        return b;
    }

    private void applyAuthentication(Options.Builder b) {
        if (StringUtils.hasText(details.getUsername())) {
            String password = details.getPassword() == null ? "" : details.getPassword();
            b.userInfo(details.getUsername().toCharArray(), password.toCharArray());
        }
        if (StringUtils.hasText(details.getToken())) {
            b.token(details.getToken().toCharArray());
        }
        if (StringUtils.hasText(properties.getCredentials())) {
            b.authHandler(Nats.credentials(properties.getCredentials()));
        } else if (StringUtils.hasText(properties.getNkeySeed())) {
            b.authHandler(new NKeySeedAuthHandler(properties.getNkeySeed()));
        } else if (StringUtils.hasText(details.getNkeySeed())) {
            b.authHandler(new NKeySeedAuthHandler(details.getNkeySeed()));
        }
    }
}
