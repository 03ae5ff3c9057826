package io.natsspring.boot.autoconfigure.broker;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import io.natsspring.boot.autoconfigure.NatsBrokerJetStreamProperties;
import io.natsspring.boot.autoconfigure.NatsConnectionDetails;
import io.natsspring.boot.autoconfigure.NatsMode;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.BrokerStartException;
import io.natsspring.broker.NatsBroker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded broker when the application runs in embedded mode (the default without {@code nats.servers})
 * and points the connection at it. The broker starts while its bean is created, before the connection bean that
 * depends on it, and stops when the context is destroyed, after the connection has drained and closed.
 */
@AutoConfiguration(before = NatsAutoConfiguration.class, after = SslAutoConfiguration.class)
@ConditionalOnClass(NatsBroker.class)
@Conditional(EmbeddedModeCondition.class)
@ConditionalOnMissingBean({NatsConnectionDetails.class, Connection.class})
@EnableConfigurationProperties(NatsProperties.class)
public class NatsEmbeddedBrokerAutoConfiguration {

    private static final Log log = LogFactory.getLog(NatsEmbeddedBrokerAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    NatsBroker natsBroker(
            NatsProperties properties,
            Environment environment,
            ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<BrokerOptionsCustomizer> customizers) {
        Binder binder = Binder.get(environment);
        NatsBrokerJetStreamProperties jetStream = properties.getBroker().getJetstream();
        refuseDroppedSubKey(binder, "domain", StringUtils.hasText(jetStream.getDomain()));
        refuseDroppedSubKey(binder, "ingest-heap-percent", jetStream.getIngestHeapPercent() != null);
        BrokerOptions.Builder options = EmbeddedBrokerOptionsFactory.create(
                properties.getBroker(),
                environment.getProperty("spring.application.name"),
                sslBundles.getIfAvailable(),
                key -> binder.bind("nats.broker." + key, Bindable.of(String.class))
                        .isBound());
        customizers.orderedStream().forEach(c -> c.customize(options));
        NatsBroker broker;
        try {
            broker = new NatsBroker(options.build());
        } catch (IllegalArgumentException e) {
            String source = StringUtils.hasText(properties.getBroker().getConfigFile())
                    ? "nats.broker.* (with nats.broker.config-file="
                            + properties.getBroker().getConfigFile() + ")"
                    : "nats.broker.*";
            throw new EmbeddedBrokerConfigurationException(
                    StringUtils.hasText(properties.getBroker().getConfigFile())
                            ? EmbeddedBrokerOptionsFactory.CONFIG_FILE
                            : "nats.broker",
                    source + ": " + e.getMessage(),
                    e);
        }
        log.info(
                properties.getMode() == NatsMode.AUTO
                        ? "NATS mode AUTO chose the embedded broker because nats.servers is not set;"
                                + " set nats.servers (or nats.mode=remote) to connect to a server instead"
                        : "NATS mode " + properties.getMode() + " (nats.mode): starting the embedded broker");
        try {
            return broker.start();
        } catch (BrokerStartException e) {
            throw new BrokerStartException(
                    e.getMessage() + " — set nats.broker.port to a free port (0 picks one)"
                            + " or use a remote server with nats.servers",
                    e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    EmbeddedBrokerLameDuck embeddedBrokerLameDuck(NatsBroker natsBroker) {
        return new EmbeddedBrokerLameDuck(natsBroker);
    }

    @Bean
    EmbeddedBrokerConnectionDetails natsConnectionDetails(
            NatsBroker natsBroker, NatsProperties properties, ObjectProvider<SslBundles> sslBundles) {
        // the application's own connection uses the broker's bundle when the broker runs with TLS from one
        SslBundle bundle = natsBroker.options().tls() == null
                ? null
                : EmbeddedBrokerOptionsFactory.sslBundle(properties.getBroker(), sslBundles.getIfAvailable());
        return new EmbeddedBrokerConnectionDetails(natsBroker, properties, bundle);
    }

    /**
     * The short form {@code nats.broker.jetstream=true|false} binds first and drops the sub-keys: one set beside it
     * (bound in the environment, absent from the properties) stops the start rather than being lost.
     */
    private static void refuseDroppedSubKey(Binder binder, String key, boolean applied) {
        String property = "nats.broker.jetstream." + key;
        if (!applied && binder.bind(property, Bindable.of(String.class)).isBound()) {
            throw new EmbeddedBrokerConfigurationException(
                    property,
                    property + " was not applied: it is set together with the short form"
                            + " nats.broker.jetstream=true|false; use nats.broker.jetstream.enabled instead",
                    null);
        }
    }
}
