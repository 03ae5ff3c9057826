package io.natsspring.annotation.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/** Resolves {@code ${...}} placeholders, then {@code #{...}} SpEL, in annotation attribute values. */
final class EndpointValueResolver {

    private final ConfigurableListableBeanFactory beanFactory;
    private final @Nullable BeanExpressionResolver expressionResolver;
    private final BeanExpressionContext expressionContext;

    EndpointValueResolver(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.expressionResolver = beanFactory.getBeanExpressionResolver();
        this.expressionContext = new BeanExpressionContext(beanFactory, null);
    }

    @Nullable
    Object evaluate(String value) {
        String resolved = beanFactory.resolveEmbeddedValue(value);
        if (resolved == null || expressionResolver == null) {
            return resolved;
        }
        return expressionResolver.evaluate(resolved, expressionContext);
    }

    /** A single string; empty when the value resolves to nothing. */
    String string(String value) {
        Object result = evaluate(value);
        return result == null ? "" : result.toString().trim();
    }

    /** Several values: each attribute entry may resolve to a string, an array or a collection. */
    List<String> strings(String[] values) {
        List<String> result = new ArrayList<>();
        for (String value : values) {
            add(evaluate(value), result);
        }
        return result;
    }

    private static void add(@Nullable Object value, List<String> target) {
        if (value instanceof Object[] array) {
            for (Object each : array) {
                add(each, target);
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object each : collection) {
                add(each, target);
            }
        } else if (value != null && !value.toString().isBlank()) {
            target.add(value.toString().trim());
        }
    }

    int integer(String value, String attribute) {
        String text = string(value);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Attribute '" + attribute + "' is not an integer: '" + text + "'", ex);
        }
    }

    boolean bool(String value, boolean fallback) {
        String text = string(value);
        return text.isEmpty() ? fallback : Boolean.parseBoolean(text);
    }
}
