package io.natsspring.kv.listener.config;

import io.nats.client.Connection;
import io.natsspring.annotation.config.NatsListenerConfigurer;
import io.natsspring.annotation.config.NatsListenerSettings;
import io.natsspring.annotation.listener.ListenerInvoker;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.listener.NatsListenerErrorHandler;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.kv.listener.KeyValueListener;
import io.natsspring.kv.listener.KeyValueListenerContainer;
import io.natsspring.kv.listener.KeyValueListenerEndpoint;
import io.natsspring.kv.listener.KeyValueListenerMethods;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link KeyValueListener} methods on every bean and, once all singletons exist, registers one
 * {@link KeyValueListenerContainer} per method in the {@link NatsListenerEndpointRegistry}, which starts them with
 * the context. Uses the same settings as the other listeners ({@link NatsListenerConfigurer} beans): converter,
 * default error handler, metrics, shutdown timeout.
 */
public class KeyValueListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

    private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent(
            "io.micrometer.core.instrument.MeterRegistry",
            KeyValueListenerAnnotationBeanPostProcessor.class.getClassLoader());

    private @Nullable ConfigurableListableBeanFactory beanFactory;

    private final List<Detected> detected = new ArrayList<>();

    private final Set<Class<?>> withoutListeners = ConcurrentHashMap.newKeySet();

    private final Set<String> usedIds = new HashSet<>();

    private record Detected(Object bean, Method method, Class<?> targetClass, KeyValueListener annotation) {}

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
            throw new IllegalStateException("Key-Value listeners need a ConfigurableListableBeanFactory");
        }
        this.beanFactory = listable;
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (withoutListeners.contains(targetClass)
                || !AnnotationUtils.isCandidateClass(targetClass, KeyValueListener.class)) {
            return bean;
        }
        Map<Method, KeyValueListener> methods =
                MethodIntrospector.selectMethods(targetClass, (MethodIntrospector.MetadataLookup<KeyValueListener>)
                        method -> AnnotatedElementUtils.findMergedAnnotation(method, KeyValueListener.class));
        if (methods.isEmpty()) {
            withoutListeners.add(targetClass);
            return bean;
        }
        synchronized (detected) {
            methods.forEach((method, annotation) -> detected.add(new Detected(
                    bean, AopUtils.selectInvocableMethod(method, bean.getClass()), targetClass, annotation)));
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ConfigurableListableBeanFactory factory = beanFactory;
        if (factory == null) {
            throw new IllegalStateException("BeanFactory not set");
        }
        List<Detected> pending;
        synchronized (detected) {
            pending = List.copyOf(detected);
            detected.clear();
        }
        if (pending.isEmpty()) {
            return;
        }
        NatsListenerSettings settings = settings(factory);
        NatsListenerEndpointRegistry registry = factory.getBean(NatsListenerEndpointRegistry.class);
        Connection connection = factory.getBean(Connection.class);
        KeyValueListenerMethods methods = new KeyValueListenerMethods(settings.getMessageConverter(), factory);
        for (Detected each : pending) {
            KeyValueListenerEndpoint endpoint = endpoint(factory, settings, each);
            ListenerInvoker invoker = new ListenerInvoker(endpoint.id(), methods.create(each.bean(), each.method()));
            registry.registerListenerContainer(new KeyValueListenerContainer(
                    endpoint, invoker, connection, settings.getMetrics(), settings.getShutdownTimeout()));
        }
    }

    private KeyValueListenerEndpoint endpoint(
            ConfigurableListableBeanFactory factory, NatsListenerSettings settings, Detected each) {
        KeyValueListener annotation = each.annotation();
        String bucket = resolve(factory, annotation.bucket());
        if (bucket.isEmpty()) {
            throw new IllegalStateException("@KeyValueListener on " + each.method() + " names no bucket");
        }
        List<String> keys = new ArrayList<>();
        for (String key : annotation.keys()) {
            String resolved = resolve(factory, key);
            if (resolved.isEmpty()) {
                throw new IllegalStateException("@KeyValueListener on " + each.method()
                        + " has an empty key pattern for bucket '" + bucket + "'");
            }
            keys.add(resolved);
        }
        String errorHandlerName = resolve(factory, annotation.errorHandler());
        NatsListenerErrorHandler errorHandler = errorHandlerName.isEmpty()
                ? settings.getDefaultErrorHandler()
                : factory.getBean(errorHandlerName, NatsListenerErrorHandler.class);
        String autoStartup = resolve(factory, annotation.autoStartup());
        if (!autoStartup.equalsIgnoreCase("true") && !autoStartup.equalsIgnoreCase("false")) {
            throw new IllegalStateException("@KeyValueListener on " + each.method()
                    + ": autoStartup must be true or false, was '" + autoStartup + "'");
        }
        return new KeyValueListenerEndpoint(
                id(factory, annotation, each),
                bucket,
                keys,
                annotation.initial(),
                annotation.ignoreDeletes(),
                Boolean.parseBoolean(autoStartup),
                errorHandler);
    }

    private String id(ConfigurableListableBeanFactory factory, KeyValueListener annotation, Detected each) {
        String declared = resolve(factory, annotation.id());
        if (!declared.isEmpty()) {
            return declared;
        }
        String base = each.targetClass().getSimpleName() + "." + each.method().getName();
        String candidate = base;
        for (int n = 2; usedIds.contains(candidate); n++) {
            candidate = base + "-" + n;
        }
        usedIds.add(candidate);
        return candidate;
    }

    private static String resolve(ConfigurableListableBeanFactory factory, String value) {
        String resolved = factory.resolveEmbeddedValue(value);
        return resolved == null ? "" : resolved.trim();
    }

    private static NatsListenerSettings settings(ConfigurableListableBeanFactory factory) {
        NatsListenerSettings settings = new NatsListenerSettings();
        NatsMessageConverter converter =
                factory.getBeanProvider(NatsMessageConverter.class).getIfUnique();
        if (converter != null) {
            settings.setMessageConverter(converter);
        }
        if (MICROMETER_PRESENT) {
            MicrometerMetrics.ifRegistryPresent(factory).ifPresent(settings::setMetrics);
        }
        factory.getBeanProvider(NatsListenerConfigurer.class)
                .orderedStream()
                .forEach(configurer -> configurer.configure(settings));
        return settings;
    }
}
