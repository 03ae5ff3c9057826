package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.StreamContext;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.StringUtils;

/**
 * Registers one bean per declared stream and bucket, qualified by its name, so that constructors can inject them:
 * {@code @Qualifier("orders-state") KeyValue} for {@code nats.jetstream.key-value[*].name=orders-state}
 * (bean {@code nats.kv.orders-state}), {@code @Qualifier("files") ObjectStore} (bean {@code nats.os.files}) and
 * {@code @Qualifier("ORDERS") StreamContext} (bean {@code nats.stream.ORDERS}). A single bean of a type needs no
 * qualifier. The beans are opened by {@link JetStreamResources} after the declarations were applied.
 */
public class DeclaredResourceBeans implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    /** Prefix of the bean names of declared Key-Value buckets. */
    public static final String KEY_VALUE_PREFIX = "nats.kv.";

    /** Prefix of the bean names of declared Object Store buckets. */
    public static final String OBJECT_STORE_PREFIX = "nats.os.";

    /** Prefix of the bean names of declared streams. */
    public static final String STREAM_PREFIX = "nats.stream.";

    static final String RESOURCES_BEAN = "natsJetStreamResources";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Binder binder = Binder.get(environment);
        register(registry, names(binder, "nats.jetstream.key-value"), KEY_VALUE_PREFIX, KeyValue.class, "keyValue");
        register(
                registry,
                names(binder, "nats.jetstream.object-store"),
                OBJECT_STORE_PREFIX,
                ObjectStore.class,
                "objectStore");
        register(
                registry, names(binder, "nats.jetstream.streams"), STREAM_PREFIX, StreamContext.class, "streamContext");
    }

    private static List<String> names(Binder binder, String property) {
        List<Named> declared;
        try {
            declared = binder.bind(property, Bindable.listOf(Named.class)).orElse(List.of());
        } catch (BindException e) {
            // an invalid declaration list: NatsPropertiesChecker reports it with its property path before any bean
            // is created, so no bean is registered for it here
            return List.of();
        }
        return declared.stream()
                .filter(Objects::nonNull)
                .map(Named::getName)
                .filter(StringUtils::hasText)
                .distinct()
                .toList();
    }

    private static void register(
            BeanDefinitionRegistry registry, List<String> names, String prefix, Class<?> type, String factoryMethod) {
        for (String name : names) {
            String beanName = prefix + name;
            if (registry.containsBeanDefinition(beanName)) {
                continue; // the application's own bean of that name wins
            }
            RootBeanDefinition definition = new RootBeanDefinition();
            definition.setTargetType(type);
            definition.setFactoryBeanName(RESOURCES_BEAN);
            definition.setFactoryMethodName(factoryMethod);
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            registry.registerBeanDefinition(beanName, definition);
        }
    }

    /** The one field read here: the name of a declaration (the rest is bound and validated by the properties). */
    public static class Named {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
