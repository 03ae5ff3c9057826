package io.natsspring.boot.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.time.Duration;

/**
 * The NATS {@link Connection}: to the embedded broker (see
 * {@link io.natsspring.boot.autoconfigure.broker.NatsEmbeddedBrokerAutoConfiguration}) or to {@code nats.servers}.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@EnableConfigurationProperties(NatsProperties.class)
public class NatsAutoConfiguration {

    /** Property that bounds each shutdown phase, used as the default drain timeout. */
    static final String SHUTDOWN_PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

    @Bean
    @ConditionalOnMissingBean(NatsConnectionDetails.class)
    PropertiesNatsConnectionDetails natsConnectionDetails(NatsProperties properties) {
        return new PropertiesNatsConnectionDetails(properties);
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
    Options natsOptions(NatsProperties properties, NatsConnectionDetails details, Environment environment,
                        ObjectProvider<SslBundles> sslBundles, ObjectProvider<ConnectionListener> connectionListeners,
                        ObjectProvider<ErrorListener> errorListener, ObjectProvider<NatsOptionsCustomizer> customizers) {
        NatsOptionsFactory factory = new NatsOptionsFactory(properties, details, sslBundles.getIfAvailable());
        return factory.createBuilder(environment.getProperty("spring.application.name"),
                new CompositeConnectionListener(connectionListeners.orderedStream().toList()),
                errorListener.getIfUnique(), customizers.orderedStream().toList()).build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Connection natsConnection(Options options, NatsProperties properties) throws InterruptedException {
        try {
            return properties.isRetryOnInitialConnect() ? Nats.connectReconnectOnConnect(options) : Nats.connect(options);
        } catch (IOException e) {
            throw new NatsConnectionException("Could not connect to NATS at " + options.getServers()
                    + ": " + e.getMessage() + ". Check that a server runs there (nats.servers), or unset nats.servers"
                    + " and nats.mode to use the embedded broker, or set nats.retry-on-initial-connect=true to wait"
                    + " for the server at startup.", e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    NatsConnectionLifecycle natsConnectionLifecycle(Connection connection, NatsProperties properties,
                                                    Environment environment) {
        Duration timeout = properties.getDrainTimeout();
        if (timeout == null) {
            timeout = environment.getProperty(SHUTDOWN_PHASE_TIMEOUT, Duration.class, Duration.ofSeconds(30));
        }
        return new NatsConnectionLifecycle(connection, timeout);
    }
}
