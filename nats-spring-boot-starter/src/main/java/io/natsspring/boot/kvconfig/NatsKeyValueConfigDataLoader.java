package io.natsspring.boot.kvconfig;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Loads a {@code nats-kv:<bucket>} import: connects with the {@code nats.*} properties, reads every key of the
 * bucket and returns them as a {@link NatsKeyValuePropertySource}. A missing or unreachable bucket is a
 * {@link ConfigDataResourceNotFoundException} (so {@code optional:} skips it); a key that is not a property name
 * fails the import, naming the bucket and the key.
 */
public class NatsKeyValueConfigDataLoader implements ConfigDataLoader<NatsKeyValueConfigDataResource> {

    private final Log log;

    public NatsKeyValueConfigDataLoader(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(NatsKeyValueConfigDataLoader.class);
    }

    @Override
    public ConfigData load(ConfigDataLoaderContext context, NatsKeyValueConfigDataResource resource)
            throws IOException {
        String bucket = resource.getBucket();
        Options options = resource.getOptions();
        if (options == null) {
            log.info("Key-Value bucket '" + bucket + "' (spring.config.import) is read once the application's NATS"
                    + " connection exists: " + resource.getDeferredReason());
            return data(new NatsKeyValuePropertySource(bucket, Map.of(), resource.isOptionalImport(), true));
        }
        Duration timeout = options.getConnectionTimeout().multipliedBy(2).plusSeconds(5);
        Map<String, String> values;
        try (Connection connection = connect(resource, options);
                ConfigBucketWatch watch = ConfigBucketWatch.open(connection, bucket, timeout, v -> {})) {
            values = watch.values();
        } catch (NatsKeyValueConfigException ex) {
            throw new ConfigDataResourceNotFoundException(resource, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading Key-Value bucket '" + bucket + "'", ex);
        }
        Map<String, String> properties = KeyValuePropertyNames.toProperties(values, (key, reason) -> {
            throw new IllegalStateException("Key '" + key + "' of Key-Value bucket '" + bucket
                    + "' (spring.config.import=nats-kv:" + bucket + ") can not be loaded: " + reason);
        });
        log.info("Loaded " + properties.size() + " properties from Key-Value bucket '" + bucket + "'");
        return data(new NatsKeyValuePropertySource(bucket, properties, resource.isOptionalImport(), false));
    }

    private static ConfigData data(NatsKeyValuePropertySource source) {
        return new ConfigData(List.of(source));
    }

    private static Connection connect(NatsKeyValueConfigDataResource resource, Options options) {
        try {
            return Nats.connect(options);
        } catch (IOException ex) {
            throw new ConfigDataResourceNotFoundException(
                    resource,
                    new NatsKeyValueConfigException(
                            resource.getBucket(),
                            "Key-Value bucket '" + resource.getBucket() + "' (spring.config.import=nats-kv:"
                                    + resource.getBucket() + ") can not be read: no NATS server reachable at "
                                    + options.getServers() + " (nats.servers): " + ex.getMessage(),
                            ex));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while connecting to read Key-Value bucket '" + resource.getBucket() + "'", ex);
        }
    }
}
