package io.natsspring.test.spring;

import io.natsspring.test.EmbeddedNatsBroker;
import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: gives every Spring test class annotated (directly, on a
 * superclass or an enclosing class) with {@link EmbeddedNatsBroker} a {@link EmbeddedNatsBrokerContextCustomizer}.
 */
public class EmbeddedNatsBrokerContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedNatsBroker settings =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedNatsBroker.class);
        return settings == null
                ? null
                : new EmbeddedNatsBrokerContextCustomizer(settings.jetStream(), settings.serverName());
    }
}
