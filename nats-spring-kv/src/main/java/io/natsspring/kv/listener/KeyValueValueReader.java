package io.natsspring.kv.listener;

import io.natsspring.annotation.support.NatsMessageConverter;
import io.natsspring.kv.core.KeyValueConversionException;
import java.lang.reflect.Type;
import org.springframework.core.ResolvableType;

/**
 * Reads a stored value as a listener parameter's type with the application's converter; a value that does not fit,
 * or an empty one for a type that is not text or bytes, is a {@link KeyValueConversionException}, never a null.
 */
final class KeyValueValueReader {

    private final NatsMessageConverter converter;

    KeyValueValueReader(NatsMessageConverter converter) {
        this.converter = converter;
    }

    Object read(String bucket, String key, byte[] payload, Type type) {
        Class<?> raw = ResolvableType.forType(type).toClass();
        Object value;
        try {
            value = converter.fromPayload(payload, type, null);
        } catch (RuntimeException ex) {
            throw new KeyValueConversionException(
                    bucket, key, "Cannot read the value as " + type.getTypeName() + ": " + ex.getMessage(), ex);
        }
        if (value == null) {
            throw new KeyValueConversionException(
                    bucket, key, "Cannot read an empty value as " + type.getTypeName(), null);
        }
        if (!raw.isInstance(value) && !(raw.isPrimitive() && isWrapperOf(raw, value))) {
            throw new KeyValueConversionException(
                    bucket,
                    key,
                    "The converter read the value as " + value.getClass().getName() + ", not " + type.getTypeName(),
                    null);
        }
        return value;
    }

    private static boolean isWrapperOf(Class<?> primitive, Object value) {
        return ResolvableType.forClass(value.getClass()).toClass()
                == org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(primitive);
    }
}
