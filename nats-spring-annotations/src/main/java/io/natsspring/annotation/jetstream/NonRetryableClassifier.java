package io.natsspring.annotation.jetstream;

import io.natsspring.annotation.NonRetryable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * Decides whether a failure is worth a redelivery. Non-retryable: an exception (anywhere in the cause chain) whose
 * class carries {@link NonRetryable @NonRetryable} or is assignable to a configured class. By default payload
 * conversion and argument binding failures (a poison message stays poison) are non-retryable.
 */
public final class NonRetryableClassifier {

    private final Set<Class<? extends Throwable>> nonRetryable =
            new LinkedHashSet<>(List.of(MessageConversionException.class, MethodArgumentResolutionException.class));

    /** Adds exception types that must not be retried (like spring-kafka's {@code addNotRetryableExceptions}). */
    @SafeVarargs
    public final NonRetryableClassifier addNonRetryableExceptions(Class<? extends Throwable>... types) {
        nonRetryable.addAll(List.of(types));
        return this;
    }

    /** Makes previously non-retryable types retryable again, the defaults included. */
    @SafeVarargs
    public final NonRetryableClassifier removeNonRetryableExceptions(Class<? extends Throwable>... types) {
        List.of(types).forEach(nonRetryable::remove);
        return this;
    }

    /** The configured types. */
    public List<Class<? extends Throwable>> nonRetryableExceptions() {
        return new ArrayList<>(nonRetryable);
    }

    /** Whether {@code failure} or one of its causes is non-retryable. */
    public boolean isNonRetryable(Throwable failure) {
        Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t.getClass().isAnnotationPresent(NonRetryable.class)) {
                return true;
            }
            for (Class<? extends Throwable> type : nonRetryable) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
