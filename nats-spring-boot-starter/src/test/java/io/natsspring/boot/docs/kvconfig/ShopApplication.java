package io.natsspring.boot.docs.kvconfig;

import io.natsspring.boot.autoconfigure.NatsAutoConfiguration;
import io.natsspring.boot.autoconfigure.broker.NatsEmbeddedBrokerAutoConfiguration;
import io.natsspring.boot.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.natsspring.boot.autoconfigure.kv.NatsKeyValueConfigAutoConfiguration;
import io.natsspring.boot.autoconfigure.validation.NatsPropertiesCheckAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The application of the "Configuration from KV" docs, with the starter's core auto-configurations only. */
@SpringBootConfiguration
@ImportAutoConfiguration({
    NatsEmbeddedBrokerAutoConfiguration.class,
    NatsAutoConfiguration.class,
    NatsJetStreamAutoConfiguration.class,
    NatsPropertiesCheckAutoConfiguration.class,
    NatsKeyValueConfigAutoConfiguration.class
})
@EnableConfigurationProperties(ShippingSettings.class)
@Import(ShippingConfigAudit.class)
public class ShopApplication {}
