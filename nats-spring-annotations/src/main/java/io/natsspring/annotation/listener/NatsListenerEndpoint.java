package io.natsspring.annotation.listener;

import java.lang.reflect.Method;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MimeType;

/**
 * A resolved {@code @NatsListener}: placeholders and SpEL already evaluated.
 *
 * @param queue the queue group, or null for none
 * @param errorHandler the error handler; the logging default when none is named
 * @param contentType the content type override, or null
 * @param sendTo the {@code @SendTo} subject, or null
 */
public record NatsListenerEndpoint(
        String id,
        List<String> subjects,
        @Nullable String queue,
        int concurrency,
        boolean autoStartup,
        NatsListenerErrorHandler errorHandler,
        @Nullable MimeType contentType,
        @Nullable String sendTo,
        Object bean,
        Method method) {

    public NatsListenerEndpoint {
        subjects = List.copyOf(subjects);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("@NatsListener '" + id + "' has no subject");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("@NatsListener '" + id + "' concurrency must be >= 1: " + concurrency);
        }
    }
}
