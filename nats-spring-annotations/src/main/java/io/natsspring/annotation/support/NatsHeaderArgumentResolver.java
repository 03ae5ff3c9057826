package io.natsspring.annotation.support;

import io.nats.client.impl.Headers;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.support.AbstractNamedValueMethodArgumentResolver;

/**
 * Resolves {@code @Header} parameters. A NATS header binds all its values to a collection or array parameter and its
 * first value to any other type (converted by the conversion service); names without a NATS header fall back to the
 * Spring message headers, which hold the {@link NatsMessageHeaders} entries.
 */
public class NatsHeaderArgumentResolver extends AbstractNamedValueMethodArgumentResolver {

    public NatsHeaderArgumentResolver(
            ConversionService conversionService, @Nullable ConfigurableBeanFactory beanFactory) {
        super(conversionService, beanFactory);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(Header.class);
    }

    @Override
    protected NamedValueInfo createNamedValueInfo(MethodParameter parameter) {
        Header header = parameter.getParameterAnnotation(Header.class);
        if (header == null) {
            throw new IllegalStateException("No @Header on " + parameter);
        }
        return new NamedValueInfo(header.name(), header.required(), header.defaultValue()) {};
    }

    @Override
    protected @Nullable Object resolveArgumentInternal(MethodParameter parameter, Message<?> message, String name) {
        boolean multi = isMultiValued(parameter);
        io.nats.client.Message raw = NatsMessageMapper.rawMessage(message);
        Headers natsHeaders = raw != null ? raw.getHeaders() : null;
        if (natsHeaders != null && natsHeaders.containsKey(name)) {
            List<String> values = natsHeaders.get(name);
            if (values == null || values.isEmpty()) {
                return null;
            }
            return multi ? List.copyOf(values) : values.get(0);
        }
        Object value = message.getHeaders().get(name);
        if (value instanceof List<?> list && !multi) {
            return list.isEmpty() ? null : list.get(0);
        }
        if (value != null
                && multi
                && !(value instanceof Collection<?>)
                && !value.getClass().isArray()) {
            return List.of(value);
        }
        return value;
    }

    @Override
    protected void handleMissingValue(String headerName, MethodParameter parameter, Message<?> message) {
        throw new MessageHandlingException(
                message,
                "Missing header '" + headerName + "' for method parameter type [" + parameter.getParameterType() + "]");
    }

    private static boolean isMultiValued(MethodParameter parameter) {
        Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
        return type.isArray() || Collection.class.isAssignableFrom(type);
    }
}
