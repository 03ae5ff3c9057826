package io.natsspring.boot.testsupport;

import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import io.natsspring.boot.autoconfigure.broker.NatsEmbeddedBrokerAutoConfiguration;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.boot.autoconfigure.template.NatsTemplateAutoConfiguration;
import io.natsspring.boot.autoconfigure.validation.NatsPropertiesCheckAutoConfiguration;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Context runners with the starter's core auto-configurations. */
public final class NatsAutoConfigurations {

    private NatsAutoConfigurations() {}

    public static final AutoConfigurations CORE = AutoConfigurations.of(
            NatsEmbeddedBrokerAutoConfiguration.class,
            NatsAutoConfiguration.class,
            NatsJetStreamAutoConfiguration.class,
            NatsTemplateAutoConfiguration.class,
            NatsPropertiesCheckAutoConfiguration.class);

    /** A runner with the core auto-configurations and the embedded store in {@code storeDir}. */
    public static ApplicationContextRunner runner(Path storeDir) {
        return new ApplicationContextRunner()
                .withConfiguration(CORE)
                .withPropertyValues("nats.broker.store-dir=" + storeDir, "nats.drain-timeout=2s");
    }
}
