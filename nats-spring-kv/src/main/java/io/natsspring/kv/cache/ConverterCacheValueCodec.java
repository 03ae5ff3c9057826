package io.natsspring.kv.cache;

import io.nats.client.impl.Headers;
import io.natsspring.annotation.support.NatsMessageConverter;
import java.nio.charset.StandardCharsets;
import org.springframework.cache.support.NullValue;
import org.springframework.util.ClassUtils;

/**
 * The default {@link CacheValueCodec}: a first line with the value's class name, then the value as the project's
 * {@link NatsMessageConverter} writes it (JSON by default, UTF-8 for text, bytes as is). The null marker is the single
 * line {@value #NULL_LINE}. Values are read back as the class named in the entry, so generic element types are
 * lost (a {@code List<Order>} comes back as a list of maps with JSON): cache arrays or records instead.
 *
 * <p>Only classes loadable by the given class loader are read; the bucket must be writable by trusted applications
 * only, as for any cache store that names classes.
 */
public class ConverterCacheValueCodec implements CacheValueCodec {

    /** The content of the null marker's entry. */
    public static final String NULL_LINE = "@null";

    private final NatsMessageConverter converter;

    private final ClassLoader classLoader;

    /** A codec over {@code converter}, loading value classes with {@code classLoader}. */
    public ConverterCacheValueCodec(NatsMessageConverter converter, ClassLoader classLoader) {
        this.converter = converter;
        this.classLoader = classLoader;
    }

    @Override
    public byte[] encode(String cacheName, Object value) {
        if (value == NullValue.INSTANCE) {
            return NULL_LINE.getBytes(StandardCharsets.UTF_8);
        }
        byte[] payload;
        try {
            payload = converter.toPayload(value, new Headers());
        } catch (RuntimeException ex) {
            throw new NatsCacheException(
                    cacheName, "Cannot write a value of " + value.getClass().getName() + ": " + ex.getMessage(), ex);
        }
        byte[] type = (value.getClass().getName() + '\n').getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[type.length + payload.length];
        System.arraycopy(type, 0, bytes, 0, type.length);
        System.arraycopy(payload, 0, bytes, type.length, payload.length);
        return bytes;
    }

    @Override
    public Object decode(String cacheName, String key, byte[] bytes) {
        int newline = indexOf(bytes, (byte) '\n');
        String typeName = new String(bytes, 0, newline < 0 ? bytes.length : newline, StandardCharsets.UTF_8);
        if (newline < 0) {
            if (NULL_LINE.equals(typeName)) {
                return NullValue.INSTANCE;
            }
            throw new NatsCacheException(cacheName, "Entry '" + key + "' is not a cached value (no type line)", null);
        }
        Class<?> type;
        try {
            type = ClassUtils.forName(typeName, classLoader);
        } catch (ClassNotFoundException | LinkageError ex) {
            throw new NatsCacheException(
                    cacheName, "Entry '" + key + "' names class " + typeName + ", which cannot be loaded", ex);
        }
        byte[] payload = new byte[bytes.length - newline - 1];
        System.arraycopy(bytes, newline + 1, payload, 0, payload.length);
        Object value;
        try {
            value = converter.fromPayload(payload, type, null);
        } catch (RuntimeException ex) {
            throw new NatsCacheException(
                    cacheName, "Cannot read entry '" + key + "' as " + typeName + ": " + ex.getMessage(), ex);
        }
        if (value == null) {
            throw new NatsCacheException(cacheName, "Entry '" + key + "' read as null for " + typeName, null);
        }
        return value;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
