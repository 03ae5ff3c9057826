package io.natsspring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.buckets.BucketMetrics;
import io.natsspring.boot.autoconfigure.buckets.DeclaredBuckets;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterRouter;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the NATS connection, of consumer lag and of the declared buckets ({@link BucketMetrics}). Publish timers ({@code nats.publish}) come from
 * the template's observations when Boot's observation support records timers.
 */
@AutoConfiguration(
        after = NatsJetStreamAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({Connection.class, MeterRegistry.class})
public class NatsMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NatsConnectionMetrics natsConnectionMetrics(Connection connection) {
        return new NatsConnectionMetrics(connection);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JetStreamManagement.class)
    @ConditionalOnBooleanProperty(name = "nats.metrics.consumer-lag-enabled", matchIfMissing = true)
    NatsConsumerLagMetrics natsConsumerLagMetrics(
            Connection connection, JetStreamManagement jsm, NatsProperties properties) {
        return new NatsConsumerLagMetrics(
                connection, jsm, properties.getMetrics().getConsumerLagInterval());
    }

    /** Gauges of the declared buckets; statuses are read at most every 5 seconds. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JetStreamManagement.class)
    BucketMetrics natsBucketMetrics(Connection connection, NatsProperties properties) {
        return new BucketMetrics(DeclaredBuckets.reader(connection, properties, Duration.ofSeconds(5)));
    }

    /** Gauges of the embedded broker's leaf-node links (0 without any). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(NatsBroker.class)
    NatsLeafLinkMetrics natsLeafLinkMetrics(NatsBroker broker) {
        return new NatsLeafLinkMetrics(broker);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DeadLetterRouter.class)
    NatsDeadLetterMetrics natsDeadLetterMetrics(DeadLetterRouter router, MeterRegistry registry) {
        return new NatsDeadLetterMetrics(router, registry);
    }
}
