package io.natsspring.broker.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts an embedded broker on a free loopback port before the annotated test class and stops it after.
 * Tests receive it through parameters: {@link io.natsspring.broker.NatsBroker}, or a {@code String}
 * annotated {@link NatsBrokerUrl} or an {@code int} annotated {@link NatsBrokerPort}. Nested classes share
 * the outer class's broker.
 *
 * <pre>{@code
 * @EmbeddedNatsBroker
 * class OrderEventsTest {
 *     @Test
 *     void publishes(@NatsBrokerUrl String url) throws Exception {
 *         try (Connection nc = Nats.connect(url)) { ... }
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(EmbeddedNatsBrokerExtension.class)
public @interface EmbeddedNatsBroker {

    /** Whether JetStream is enabled; its store is a temporary directory removed after the class. */
    boolean jetStream() default false;

    /** Server name announced in INFO; empty means the broker's default. */
    String serverName() default "";
}
