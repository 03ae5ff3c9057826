package io.natsspring.kv.listener;

import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.annotation.support.SubjectArgumentResolver;
import java.lang.reflect.Method;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.convert.ConversionService;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.messaging.handler.annotation.support.HeaderMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.HeadersMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolverComposite;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * Builds the invocable {@link KeyValueListener} methods, with their argument resolvers in this order: Spring's
 * {@code @Header} and {@code @Headers}, {@code @Subject}, {@link Key @Key}, {@link Revision @Revision}, the
 * operation and the whole entry, then the value (every other parameter).
 */
public final class KeyValueListenerMethods {

    private final HandlerMethodArgumentResolverComposite resolvers = new HandlerMethodArgumentResolverComposite();

    /** Methods whose values are read by {@code converter}; {@code beanFactory} resolves {@code @Header} defaults. */
    public KeyValueListenerMethods(NatsMessageConverter converter, ConfigurableBeanFactory beanFactory) {
        ConversionService conversions = new DefaultFormattingConversionService();
        KeyValueValueReader values = new KeyValueValueReader(converter);
        resolvers.addResolver(new HeaderMethodArgumentResolver(conversions, beanFactory));
        resolvers.addResolver(new HeadersMethodArgumentResolver());
        resolvers.addResolver(new SubjectArgumentResolver());
        resolvers.addResolver(new KeyValueEntryArgumentResolver(values));
        resolvers.addResolver(new KeyValueValueArgumentResolver(values));
    }

    /** The invocable form of {@code method} on {@code bean}. */
    public InvocableHandlerMethod create(Object bean, Method method) {
        InvocableHandlerMethod invocable = new InvocableHandlerMethod(bean, method);
        invocable.setMessageMethodArgumentResolvers(resolvers);
        return invocable;
    }
}
