package io.natsspring.boot.autoconfigure.objectstore;

import io.natsspring.kv.objectstore.ObjectStoreTemplates;
import io.natsspring.kv.objectstore.resource.ObjectStoreProtocolResolver;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Adds an {@link ObjectStoreProtocolResolver} to the application context before any application bean is created, so
 * {@code nats-os://} locations resolve in {@code @Value} injection points too. The {@link ObjectStoreTemplates} bean
 * is looked up when the first location is resolved.
 */
public class ObjectStoreProtocolRegistrar implements BeanFactoryPostProcessor, ApplicationContextAware {

    private ApplicationContext context;

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            configurable.addProtocolResolver(new ObjectStoreProtocolResolver(() -> beanFactory
                    .getBeanProvider(ObjectStoreTemplates.class)
                    .getIfAvailable(() -> {
                        throw new IllegalStateException(
                                "nats-os:// resources need an ObjectStoreTemplates bean and there is none");
                    })));
        }
    }
}
