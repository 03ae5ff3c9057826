package io.natsspring.boot.kvconfig;

import io.nats.client.Options;
import io.natsspring.boot.autoconfigure.NatsMode;
import io.natsspring.boot.autoconfigure.NatsOptionsFactory;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.PropertiesNatsConnectionDetails;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.StringUtils;

/**
 * Resolves {@code spring.config.import=nats-kv:<bucket>} (and {@code optional:nats-kv:<bucket>}). The connection
 * comes from the {@code nats.*} properties known at that time ({@code nats.servers}, credentials, timeouts). In
 * embedded mode (no {@code nats.servers}), or with {@code nats.ssl.bundle}, nothing can be reached yet: the bucket
 * is then read inside the application context, as soon as its connection exists.
 */
public class NatsKeyValueConfigDataLocationResolver
        implements ConfigDataLocationResolver<NatsKeyValueConfigDataResource> {

    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_-]+");

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(NatsKeyValuePropertySource.PREFIX);
    }

    @Override
    public List<NatsKeyValueConfigDataResource> resolve(
            ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        String bucket =
                location.getNonPrefixedValue(NatsKeyValuePropertySource.PREFIX).trim();
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("Invalid Key-Value bucket name '" + bucket + "' in spring.config.import="
                    + location + ": a bucket name is one or more of A-Z a-z 0-9 - _");
        }
        Binder binder = context.getBinder();
        NatsProperties properties = binder.bind("nats", NatsProperties.class).orElseGet(NatsProperties::new);
        String deferredReason = deferredReason(binder, properties);
        Options options = null;
        if (deferredReason == null) {
            PropertiesNatsConnectionDetails details = new PropertiesNatsConnectionDetails(properties);
            options = new NatsOptionsFactory(properties, details, null)
                    .createBuilder(
                            binder.bind("spring.application.name", String.class)
                                    .map(name -> name + "-config")
                                    .orElse("nats-kv-config"),
                            null,
                            null,
                            List.of())
                    .noReconnect()
                    .build();
        }
        return List.of(new NatsKeyValueConfigDataResource(bucket, location.isOptional(), options, deferredReason));
    }

    /** Why the bucket can only be read inside the context, or {@code null} when it can be read now. */
    private static String deferredReason(Binder binder, NatsProperties properties) {
        NatsMode mode = properties.getMode();
        boolean brokerEnabled =
                binder.bind("nats.broker.enabled", Boolean.class).orElse(true);
        if (mode == NatsMode.EMBEDDED
                || (mode == NatsMode.AUTO && properties.getServers().isEmpty() && brokerEnabled)) {
            return "the embedded broker starts inside the application context";
        }
        if (StringUtils.hasText(properties.getSsl().getBundle())) {
            return "nats.ssl.bundle is only available inside the application context";
        }
        return null;
    }
}
