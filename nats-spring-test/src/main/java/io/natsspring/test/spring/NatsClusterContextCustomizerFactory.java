package io.natsspring.test.spring;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsCluster;
import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: gives every Spring test class annotated with {@link NatsCluster}
 * a {@link NatsClusterContextCustomizer}.
 */
public class NatsClusterContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        NatsCluster settings = TestContextAnnotationUtils.findMergedAnnotation(testClass, NatsCluster.class);
        if (settings == null) {
            return null;
        }
        if (TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedNatsBroker.class) != null) {
            throw new IllegalStateException(testClass.getName()
                    + " has both @NatsCluster and @EmbeddedNatsBroker: choose one server for the application");
        }
        return new NatsClusterContextCustomizer(settings);
    }
}
