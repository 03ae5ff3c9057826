package io.natsspring.boot.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The NATS {@link Connection}: to the embedded broker (see
 * {@link io.natsspring.boot.autoconfigure.broker.NatsEmbeddedBrokerAutoConfiguration}) or to {@code nats.servers}.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@EnableConfigurationProperties(NatsProperties.class)
public class NatsAutoConfiguration {

    private static final Log log = LogFactory.getLog(NatsAutoConfiguration.class);

    /** Property that bounds each shutdown phase, used as the default drain timeout. */
    static final String SHUTDOWN_PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

    @Bean
    @ConditionalOnMissingBean(NatsConnectionDetails.class)
    PropertiesNatsConnectionDetails natsConnectionDetails(NatsProperties properties) {
        PropertiesNatsConnectionDetails details = new PropertiesNatsConnectionDetails(properties);
        if (properties.getMode() == NatsMode.AUTO) {
            log.info("NATS mode AUTO chose remote servers " + details.getServers() + " because "
                    + (properties.getServers().isEmpty()
                            ? "nats.broker.enabled=false (the default server is used)"
                            : "nats.servers is set")
                    + "; unset nats.servers to use the embedded broker");
        } else {
            log.info("NATS mode " + properties.getMode() + " (nats.mode): connecting to " + details.getServers());
        }
        return details;
    }

    @Bean
    @ConditionalOnMissingBean
    NatsConnectionEventLogger natsConnectionEventLogger() {
        return new NatsConnectionEventLogger();
    }

    @Bean
    @ConditionalOnMissingBean(ErrorListener.class)
    NatsErrorLogger natsErrorLogger() {
        return new NatsErrorLogger();
    }

    @Bean
    @ConditionalOnMissingBean
    Options natsOptions(
            NatsProperties properties,
            NatsConnectionDetails details,
            Environment environment,
            ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<ConnectionListener> connectionListeners,
            ObjectProvider<ErrorListener> errorListener,
            ObjectProvider<NatsOptionsCustomizer> customizers) {
        NatsOptionsFactory factory = new NatsOptionsFactory(properties, details, sslBundles.getIfAvailable());
        return factory.createBuilder(
                        environment.getProperty("spring.application.name"),
                        new CompositeConnectionListener(
                                connectionListeners.orderedStream().toList()),
                        errorListener.getIfUnique(),
                        customizers.orderedStream().toList())
                .build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Connection natsConnection(Options options, NatsProperties properties) throws InterruptedException {
        List<String> servers =
                options.getServers().stream().map(Object::toString).toList();
        Connection connection;
        try {
            connection = properties.isRetryOnInitialConnect()
                    ? Nats.connectReconnectOnConnect(options)
                    : Nats.connect(options);
        } catch (IOException e) {
            throw new NatsConnectionException(
                    "Could not connect to NATS at " + servers
                            + ": " + e.getMessage()
                            + ". Check that a server runs there (nats.servers), or unset nats.servers"
                            + " and nats.mode to use the embedded broker, or set nats.retry-on-initial-connect=true to wait"
                            + " for the server at startup.",
                    servers,
                    e);
        }
        if (connection.getStatus() == Connection.Status.CLOSED) {
            Throwable last = connection.getLastError() == null ? null : new IOException(connection.getLastError());
            throw new NatsConnectionException(
                    "Could not connect to NATS at " + servers + " within "
                            + properties.getMaxReconnects()
                            + " retries (nats.retry-on-initial-connect=true, nats.max-reconnects="
                            + properties.getMaxReconnects() + ", nats.reconnect-wait=" + properties.getReconnectWait()
                            + ")"
                            + (connection.getLastError() == null ? "" : ": " + connection.getLastError()),
                    servers,
                    last);
        }
        return connection;
    }

    @Bean
    @ConditionalOnMissingBean
    NatsConnectionLifecycle natsConnectionLifecycle(
            Connection connection, NatsProperties properties, Environment environment) {
        Duration timeout = properties.getDrainTimeout();
        if (timeout == null) {
            timeout = environment.getProperty(SHUTDOWN_PHASE_TIMEOUT, Duration.class, Duration.ofSeconds(30));
        }
        return new NatsConnectionLifecycle(connection, timeout);
    }
}
