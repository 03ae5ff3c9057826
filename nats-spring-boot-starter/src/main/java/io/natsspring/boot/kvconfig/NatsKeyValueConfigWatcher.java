package io.natsspring.boot.kvconfig;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

/**
 * Keeps the {@code nats-kv:<bucket>} property sources of the Environment up to date: watches each bucket through
 * the application's connection and, when its properties change, replaces them, re-binds the
 * {@code @ConfigurationProperties} beans and publishes a {@link NatsKeyValueConfigChangedEvent}.
 *
 * <p>Buckets that could not be read at import time (embedded broker, {@code nats.ssl.bundle}) are read when this
 * bean starts; a missing bucket then fails startup unless imported with {@code optional:}. A key that is not a
 * property name fails startup too when read at startup; when it arrives later it is logged and left out.
 */
public class NatsKeyValueConfigWatcher implements InitializingBean, DisposableBean {

    private static final Log log = LogFactory.getLog(NatsKeyValueConfigWatcher.class);

    private final Connection connection;

    private final ConfigurableApplicationContext context;

    private final Duration timeout;

    private final ConfigurationPropertiesRebinder rebinder;

    private final List<ConfigBucketWatch> watches = new ArrayList<>();

    private final Set<String> reportedKeys = ConcurrentHashMap.newKeySet();

    /**
     * @param timeout how long to wait for a bucket's values at startup
     */
    public NatsKeyValueConfigWatcher(Connection connection, ConfigurableApplicationContext context, Duration timeout) {
        this.connection = connection;
        this.context = context;
        this.timeout = timeout;
        this.rebinder = new ConfigurationPropertiesRebinder(context);
    }

    /** The {@code nats-kv:} property sources of the context's Environment. */
    public List<NatsKeyValuePropertySource> propertySources() {
        List<NatsKeyValuePropertySource> sources = new ArrayList<>();
        for (PropertySource<?> source : context.getEnvironment().getPropertySources()) {
            if (source instanceof NatsKeyValuePropertySource kv) {
                sources.add(kv);
            }
        }
        return sources;
    }

    @Override
    public void afterPropertiesSet() {
        for (NatsKeyValuePropertySource source : propertySources()) {
            String bucket = source.getBucket();
            AtomicReference<ConfigBucketWatch> opened = new AtomicReference<>();
            ConfigBucketWatch watch;
            try {
                // a change reads the watch's latest values under the lock, so an older copy never wins
                watch = ConfigBucketWatch.open(connection, bucket, timeout, values -> {
                    ConfigBucketWatch w = opened.get();
                    if (w != null) {
                        changed(source, w, false);
                    }
                });
            } catch (NatsKeyValueConfigBucketNotFoundException ex) {
                if (source.isOptional()) {
                    log.info(ex.getMessage() + "; imported with optional: so it is not watched");
                    continue;
                }
                throw ex;
            }
            watches.add(watch);
            opened.set(watch);
            changed(source, watch, true);
        }
    }

    private synchronized void changed(NatsKeyValuePropertySource source, ConfigBucketWatch watch, boolean startup) {
        String bucket = source.getBucket();
        Map<String, String> properties = KeyValuePropertyNames.toProperties(watch.values(), (key, reason) -> {
            String message = "Key '" + key + "' of Key-Value bucket '" + bucket + "' (spring.config.import=nats-kv:"
                    + bucket + ") can not be loaded: " + reason;
            if (startup) {
                throw new IllegalStateException(message);
            }
            if (reportedKeys.add(bucket + '\u0000' + key)) {
                log.error(message + "; it is left out");
            }
        });
        Set<String> changed = source.replace(properties);
        if (changed.isEmpty()) {
            return;
        }
        List<String> rebound = rebinder.rebindAll();
        if (log.isDebugEnabled()) {
            log.debug("Key-Value bucket '" + bucket + "' changed " + changed + "; re-bound " + rebound);
        }
        context.publishEvent(new NatsKeyValueConfigChangedEvent(context, bucket, changed));
    }

    @Override
    public void destroy() {
        watches.forEach(ConfigBucketWatch::close);
        watches.clear();
    }
}
