package io.natsspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an embedded broker on a free {@code 127.0.0.1} port for the annotated test class.
 *
 * <p>In a plain JUnit 5 test the broker starts before the class and stops after it; nested classes share it. Tests
 * receive it through parameters: {@link io.natsspring.broker.NatsBroker}, a {@code String} annotated
 * {@link NatsBrokerUrl} or an {@code int} annotated {@link NatsBrokerPort}.
 *
 * <p>In a Spring test ({@code @SpringBootTest}, {@code @SpringJUnitConfig}, …) the broker belongs to the
 * application context instead: it starts with the context, the application connects to it ({@code nats.mode=remote},
 * {@code nats.servers=<its url>}), it is a bean of type {@code NatsBroker}, and it stops when the context is closed —
 * so cached and paused contexts keep their broker, and test classes with the same configuration share both.
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
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(EmbeddedNatsBrokerExtension.class)
public @interface EmbeddedNatsBroker {

    /** The name of the broker's bean in a Spring test's application context. */
    String BEAN_NAME = "embeddedNatsBroker";

    /** Whether JetStream is enabled; its store is a temporary directory removed with the broker. */
    boolean jetStream() default false;

    /** Server name announced in INFO; empty means the broker's default. */
    String serverName() default "";
}
