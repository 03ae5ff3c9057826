package io.natsspring.annotation.config;

import io.nats.client.Connection;
import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.jetstream.DeadLetterHandler;
import io.natsspring.annotation.jetstream.InProgressHeartbeat;
import io.natsspring.annotation.jetstream.RetryPolicy;
import io.natsspring.annotation.listener.ConsumerDeclarationLocator;
import io.natsspring.annotation.listener.CoreNatsListenerContainer;
import io.natsspring.annotation.listener.JetStreamListenerContainer;
import io.natsspring.annotation.listener.JetStreamListenerEndpoint;
import io.natsspring.annotation.listener.ListenerInvoker;
import io.natsspring.annotation.listener.ListenerServices;
import io.natsspring.annotation.listener.NatsListenerEndpoint;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.annotation.support.NatsMessageHandlerMethodFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;

/**
 * Finds {@link NatsListener} and {@link JetStreamConsumer} methods on every bean, and once all singletons exist builds
 * one container per method into the {@link NatsListenerEndpointRegistry}, which starts them after the refresh.
 */
public class NatsListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, DisposableBean, Ordered {

    private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent(
            "io.micrometer.core.instrument.MeterRegistry",
            NatsListenerAnnotationBeanPostProcessor.class.getClassLoader());
    private static final boolean BEAN_VALIDATION_PRESENT = ClassUtils.isPresent(
            "jakarta.validation.Validator", NatsListenerAnnotationBeanPostProcessor.class.getClassLoader());

    private @Nullable ConfigurableListableBeanFactory beanFactory;
    private final List<Detected> detected = new ArrayList<>();
    private final Set<Class<?>> withoutListeners = ConcurrentHashMap.newKeySet();
    private final InProgressHeartbeat heartbeat = new InProgressHeartbeat();

    private record Detected(Object bean, Method method, Class<?> targetClass, Object annotation) {}

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
            throw new IllegalStateException("NATS listeners need a ConfigurableListableBeanFactory");
        }
        this.beanFactory = listable;
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (withoutListeners.contains(targetClass)
                || !AnnotationUtils.isCandidateClass(
                        targetClass, List.of(NatsListener.class, JetStreamConsumer.class))) {
            return bean;
        }
        Map<Method, Object> methods =
                MethodIntrospector.selectMethods(targetClass, (MethodIntrospector.MetadataLookup<Object>) method -> {
                    NatsListener core = AnnotatedElementUtils.findMergedAnnotation(method, NatsListener.class);
                    return core != null
                            ? core
                            : AnnotatedElementUtils.findMergedAnnotation(method, JetStreamConsumer.class);
                });
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
        ConfigurableListableBeanFactory factory = requiredBeanFactory();
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
        ListenerServices services = new ListenerServices(
                connection,
                settings.getMessageConverter(),
                settings.getExecutorProvider(),
                heartbeat,
                settings.getMetrics(),
                settings.getShutdownTimeout(),
                settings.getRetryPolicy(),
                settings.getNonRetryable(),
                settings.getDeadLetterHandler(),
                settings.getObserver(),
                settings.getConsumerDefaults(),
                settings.getDeclarationLocator());
        MessageHandlerMethodFactory methodFactory = handlerMethodFactory(settings, factory);
        ListenerEndpointFactory endpoints = new ListenerEndpointFactory(factory, settings.getDefaultErrorHandler());
        for (Detected each : pending) {
            if (each.annotation() instanceof NatsListener core) {
                NatsListenerEndpoint endpoint = endpoints.core(core, each.bean(), each.method(), each.targetClass());
                ListenerInvoker invoker = new ListenerInvoker(
                        endpoint.id(), methodFactory.createInvocableHandlerMethod(each.bean(), each.method()));
                registry.registerListenerContainer(new CoreNatsListenerContainer(endpoint, invoker, services));
            } else if (each.annotation() instanceof JetStreamConsumer jetStream) {
                JetStreamListenerEndpoint endpoint =
                        endpoints.jetStream(jetStream, each.bean(), each.method(), each.targetClass());
                ListenerInvoker invoker = new ListenerInvoker(
                        endpoint.id(), methodFactory.createInvocableHandlerMethod(each.bean(), each.method()));
                registry.registerListenerContainer(new JetStreamListenerContainer(endpoint, invoker, services));
            }
        }
    }

    private NatsListenerSettings settings(ConfigurableListableBeanFactory factory) {
        NatsListenerSettings settings = new NatsListenerSettings();
        NatsMessageConverter converter =
                factory.getBeanProvider(NatsMessageConverter.class).getIfUnique();
        if (converter != null) {
            settings.setMessageConverter(converter);
        }
        Validator validator = factory.getBeanProvider(Validator.class).getIfUnique();
        if (validator == null && BEAN_VALIDATION_PRESENT) {
            validator = BeanValidation.validatorIfProviderPresent();
        }
        settings.setValidator(validator);
        factory.getBeanProvider(RetryPolicy.class).ifUnique(settings::setRetryPolicy);
        factory.getBeanProvider(DeadLetterHandler.class).ifUnique(settings::setDeadLetterHandler);
        factory.getBeanProvider(ConsumerDeclarationLocator.class).ifUnique(settings::setDeclarationLocator);
        if (MICROMETER_PRESENT) {
            MicrometerSupport.metricsIfRegistryPresent(factory).ifPresent(settings::setMetrics);
        }
        factory.getBeanProvider(NatsListenerConfigurer.class)
                .orderedStream()
                .forEach(configurer -> configurer.configure(settings));
        return settings;
    }

    private static MessageHandlerMethodFactory handlerMethodFactory(
            NatsListenerSettings settings, ConfigurableListableBeanFactory factory) {
        MessageHandlerMethodFactory custom = settings.getMessageHandlerMethodFactory();
        if (custom != null) {
            return custom;
        }
        NatsMessageHandlerMethodFactory methodFactory =
                new NatsMessageHandlerMethodFactory(settings.getMessageConverter());
        if (settings.getValidator() != null) {
            methodFactory.setValidator(settings.getValidator());
        }
        methodFactory.setCustomArgumentResolvers(settings.getCustomArgumentResolvers());
        methodFactory.setBeanFactory(factory);
        methodFactory.afterPropertiesSet();
        return methodFactory;
    }

    private ConfigurableListableBeanFactory requiredBeanFactory() {
        if (beanFactory == null) {
            throw new IllegalStateException("BeanFactory not set");
        }
        return beanFactory;
    }

    @Override
    public void destroy() {
        heartbeat.close();
    }
}
