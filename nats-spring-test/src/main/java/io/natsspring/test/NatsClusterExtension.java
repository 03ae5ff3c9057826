package io.natsspring.test;

import io.natsspring.test.server.NatsServerCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link NatsCluster}: in a plain test class it starts one cluster per annotated
 * top-level class (closed by JUnit with the class's extension store); in a Spring test class the cluster is the
 * application context's bean (see {@code io.natsspring.test.spring}).
 */
public final class NatsClusterExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NatsClusterExtension.class);
    private static final String KEY = "cluster";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (EmbeddedNatsBrokerExtension.isSpringTest(context.getRequiredTestClass())) {
            return; // the application context owns the cluster
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(KEY, NatsServerCluster.class) != null) {
            return; // a nested class: the enclosing class's cluster serves it
        }
        NatsCluster settings = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), NatsCluster.class)
                .orElseThrow(() -> new IllegalStateException(
                        "No @NatsCluster on " + context.getRequiredTestClass().getName()));
        store.put(KEY, start(settings)); // AutoCloseable: JUnit closes it after the class
    }

    /** Starts the cluster an annotation describes. */
    public static NatsServerCluster start(NatsCluster settings) {
        NatsServerCluster.Builder builder = NatsServerCluster.builder().nodes(settings.nodes());
        if (!settings.name().isEmpty()) {
            builder.name(settings.name());
        }
        return builder.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NatsServerCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (EmbeddedNatsBrokerExtension.isSpringTest(context.getRequiredTestClass())) {
            return SpringTestBroker.cluster(context);
        }
        NatsServerCluster running = context.getStore(NAMESPACE).get(KEY, NatsServerCluster.class);
        if (running == null) {
            throw new ParameterResolutionException("No cluster: annotate the test class with @NatsCluster");
        }
        return running;
    }
}
