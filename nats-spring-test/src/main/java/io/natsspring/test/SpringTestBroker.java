package io.natsspring.test;

import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The broker (or cluster) bean of a Spring test's application context; loaded only for Spring test classes.
 */
final class SpringTestBroker {

    private SpringTestBroker() {}

    static NatsBroker of(ExtensionContext junit) {
        return SpringExtension.getApplicationContext(junit).getBean(EmbeddedNatsBroker.BEAN_NAME, NatsBroker.class);
    }

    static NatsServerCluster cluster(ExtensionContext junit) {
        return SpringExtension.getApplicationContext(junit).getBean(NatsCluster.BEAN_NAME, NatsServerCluster.class);
    }
}
