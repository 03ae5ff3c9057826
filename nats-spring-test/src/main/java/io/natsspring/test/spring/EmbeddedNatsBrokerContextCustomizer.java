package io.natsspring.test.spring;

import io.natsspring.broker.NatsBroker;
import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.TestBroker;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the {@link io.natsspring.test.EmbeddedNatsBroker} broker of a Spring test with its application context and
 * points the application at it.
 *
 * <ul>
 *   <li>The broker is the singleton bean {@value io.natsspring.test.EmbeddedNatsBroker#BEAN_NAME} (type
 *       {@link NatsBroker}); it is registered before any other bean, so it is destroyed after all of them: the
 *       application's connection drains and closes first.</li>
 *   <li>The property source {@value #PROPERTY_SOURCE} comes first in the environment with {@code nats.mode=remote}
 *       and {@code nats.servers=nats://127.0.0.1:<port>}: the starter connects to this broker and starts none of its
 *       own. {@code nats.broker.*} settings of the test are not used, and a warning says so.</li>
 *   <li>Equal settings give equal customizers, so Spring's context cache shares a context, and its broker, between
 *       test classes; a cached context that Spring pauses keeps its broker running; closing the context (eviction,
 *       {@code @DirtiesContext}, JVM exit) stops it.</li>
 * </ul>
 */
public final class EmbeddedNatsBrokerContextCustomizer implements ContextCustomizer {

    /** The name of the property source that points the application at the broker. */
    public static final String PROPERTY_SOURCE = "embeddedNatsBroker";

    private static final Log log = LogFactory.getLog(EmbeddedNatsBrokerContextCustomizer.class);

    private final boolean jetStream;
    private final String serverName;

    EmbeddedNatsBrokerContextCustomizer(boolean jetStream, String serverName) {
        this.jetStream = jetStream;
        this.serverName = serverName;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        ConfigurableEnvironment environment = context.getEnvironment();
        warnAboutUnusedProperties(environment, config.getTestClass());
        TestBroker broker = TestBroker.start(jetStream, serverName);
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
            beans.registerSingleton(EmbeddedNatsBroker.BEAN_NAME, broker.broker());
            beans.registerDisposableBean(EmbeddedNatsBroker.BEAN_NAME, broker::close);
        } else {
            broker.close();
            throw new IllegalStateException("@EmbeddedNatsBroker needs a DefaultListableBeanFactory, the context of "
                    + config.getTestClass().getName() + " has "
                    + context.getBeanFactory().getClass().getName());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("nats.mode", "remote");
        properties.put("nats.servers", broker.url());
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        log.info("@EmbeddedNatsBroker: " + broker + " for the application context of "
                + config.getTestClass().getName());
    }

    private static void warnAboutUnusedProperties(ConfigurableEnvironment environment, Class<?> testClass) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                String[] names = Arrays.stream(enumerable.getPropertyNames())
                        .filter(n -> n.startsWith("nats.broker.") || n.equals("nats.servers") || n.equals("nats.mode"))
                        .toArray(String[]::new);
                if (names.length > 0) {
                    log.warn("@EmbeddedNatsBroker on " + testClass.getName() + " supplies the broker: "
                            + String.join(", ", names) + " from '" + source.getName() + "' not used"
                            + " (the application connects with nats.mode=remote to the test broker)");
                }
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddedNatsBrokerContextCustomizer that
                && jetStream == that.jetStream
                && serverName.equals(that.serverName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jetStream, serverName);
    }
}
