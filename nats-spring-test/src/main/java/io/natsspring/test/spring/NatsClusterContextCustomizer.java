package io.natsspring.test.spring;

import io.natsspring.test.NatsCluster;
import io.natsspring.test.NatsClusterExtension;
import io.natsspring.test.server.NatsServerCluster;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the {@link NatsCluster} cluster of a Spring test with its application context: the cluster is the singleton
 * bean {@value NatsCluster#BEAN_NAME} (registered first, so destroyed after the application's connection closes),
 * and the property source {@value #PROPERTY_SOURCE} comes first with {@code nats.mode=remote} and
 * {@code nats.servers=<every node's URL>}. Equal annotation attributes give equal customizers, so Spring's context
 * cache shares a context and its cluster between test classes.
 */
public final class NatsClusterContextCustomizer implements ContextCustomizer {

    /** The name of the property source that points the application at the cluster. */
    public static final String PROPERTY_SOURCE = "natsServerCluster";

    private static final Log log = LogFactory.getLog(NatsClusterContextCustomizer.class);

    private final NatsCluster settings;

    NatsClusterContextCustomizer(NatsCluster settings) {
        this.settings = settings;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        if (!(context.getBeanFactory() instanceof DefaultListableBeanFactory beans)) {
            throw new IllegalStateException("@NatsCluster needs a DefaultListableBeanFactory, the context of "
                    + config.getTestClass().getName() + " has "
                    + context.getBeanFactory().getClass().getName());
        }
        NatsServerCluster cluster = NatsClusterExtension.start(settings);
        beans.registerSingleton(NatsCluster.BEAN_NAME, cluster);
        beans.registerDisposableBean(NatsCluster.BEAN_NAME, cluster::close);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("nats.mode", "remote");
        properties.put("nats.servers", cluster.servers());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        log.info("@NatsCluster: " + cluster + " for the application context of "
                + config.getTestClass().getName());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NatsClusterContextCustomizer that && settings.equals(that.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }
}
