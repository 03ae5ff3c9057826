package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.boot.autoconfigure.KeyValueDeclaration;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.ObjectStoreDeclaration;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Applies the declarations when this bean is created: {@code nats.jetstream.*} properties, the dead-letter stream,
 * and {@link StreamConfiguration}, {@link JetStreamConsumerDeclaration} and {@link ConsumerConfiguration} beans.
 * The JetStream beans ({@code JetStream}, the management beans, {@link JetStreamResources} and the per-declaration
 * {@code KeyValue}/{@code ObjectStore}/{@code StreamContext} beans) are created after it, so a constructor that
 * injects them finds the declared streams and buckets in place.
 */
public class JetStreamDeclarationsInitializer implements InitializingBean {

    private final JetStreamReconciler reconciler;
    private final NatsJetStreamProperties properties;
    private final ObjectProvider<StreamConfiguration> streamBeans;
    private final ObjectProvider<JetStreamConsumerDeclaration> consumerBeans;
    private final ObjectProvider<ConsumerConfiguration> unboundConsumerBeans;

    public JetStreamDeclarationsInitializer(
            JetStreamReconciler reconciler,
            NatsJetStreamProperties properties,
            ObjectProvider<StreamConfiguration> streamBeans,
            ObjectProvider<JetStreamConsumerDeclaration> consumerBeans,
            ObjectProvider<ConsumerConfiguration> unboundConsumerBeans) {
        this.reconciler = reconciler;
        this.properties = properties;
        this.streamBeans = streamBeans;
        this.consumerBeans = consumerBeans;
        this.unboundConsumerBeans = unboundConsumerBeans;
    }

    private volatile boolean applied;

    @Override
    public void afterPropertiesSet() {
        apply();
    }

    /** Applies the declarations, once. */
    public synchronized void apply() {
        if (!applied) {
            reconciler.reconcile(collect());
            applied = true;
        }
    }

    /** The declarations from properties and beans. */
    public JetStreamDeclarations collect() {
        List<StreamConfiguration> streams = new ArrayList<>();
        properties.getStreams().forEach(s -> streams.add(s.toConfiguration()));
        streamBeans.orderedStream().forEach(streams::add);
        if (DeadLetterStream.isEnabled(properties)) {
            streams.add(DeadLetterStream.configuration(properties.getDeadLetter()));
        }
        List<JetStreamConsumerDeclaration> consumers = new ArrayList<>();
        properties
                .getConsumers()
                .forEach(c -> consumers.add(new JetStreamConsumerDeclaration(c.getStream(), c.toConfiguration())));
        consumerBeans.orderedStream().forEach(consumers::add);
        return new JetStreamDeclarations(
                streams,
                consumers,
                unboundConsumerBeans.orderedStream().toList(),
                properties.getKeyValue().stream()
                        .map(KeyValueDeclaration::toConfiguration)
                        .toList(),
                properties.getObjectStore().stream()
                        .map(ObjectStoreDeclaration::toConfiguration)
                        .toList());
    }
}
