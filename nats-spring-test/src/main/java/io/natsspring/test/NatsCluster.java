package io.natsspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a cluster of the real, newest installed {@code nats-server} ({@link io.natsspring.test.server.NatsServerCluster}:
 * JetStream, free loopback ports, temporary stores) for the annotated test class, and fails the class when no
 * binary is installed.
 *
 * <p>In a plain JUnit 5 test the cluster starts before the class and stops after it; nested classes share it;
 * constructors and methods receive it as a {@link io.natsspring.test.server.NatsServerCluster} parameter. In a
 * Spring test it belongs to the application context, as with {@link EmbeddedNatsBroker}: it is the bean
 * {@value #BEAN_NAME}, the application connects to every node ({@code nats.mode=remote},
 * {@code nats.servers=<the nodes' URLs>}), and it stops when the context closes. Not combinable with
 * {@link EmbeddedNatsBroker} on the same class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(NatsClusterExtension.class)
public @interface NatsCluster {

    /** The name of the cluster's bean in a Spring test's application context. */
    String BEAN_NAME = "natsServerCluster";

    /** The number of nodes. */
    int nodes() default 3;

    /** The cluster name; empty means {@code nats-spring-test}. */
    String name() default "";
}
