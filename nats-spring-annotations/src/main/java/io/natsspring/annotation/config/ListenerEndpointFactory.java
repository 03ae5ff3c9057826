package io.natsspring.annotation.config;

import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.listener.JetStreamListenerEndpoint;
import io.natsspring.annotation.listener.NatsListenerEndpoint;
import io.natsspring.annotation.listener.NatsListenerErrorHandler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.MimeType;

/** Turns annotation attributes into resolved endpoints: placeholders, SpEL, defaults, bean references, ids. */
final class ListenerEndpointFactory {

    private final ConfigurableListableBeanFactory beanFactory;
    private final EndpointValueResolver values;
    private final NatsListenerErrorHandler defaultErrorHandler;
    private final Set<String> usedIds = new HashSet<>();

    ListenerEndpointFactory(ConfigurableListableBeanFactory beanFactory, NatsListenerErrorHandler defaultErrorHandler) {
        this.beanFactory = beanFactory;
        this.values = new EndpointValueResolver(beanFactory);
        this.defaultErrorHandler = defaultErrorHandler;
    }

    NatsListenerEndpoint core(NatsListener annotation, Object bean, Method method, Class<?> targetClass) {
        String id = id(annotation.id(), targetClass, method);
        String queue = values.string(annotation.queue());
        return new NatsListenerEndpoint(
                id,
                values.strings(annotation.subject()),
                queue.isEmpty() ? null : queue,
                values.integer(annotation.concurrency(), "concurrency"),
                values.bool(annotation.autoStartup(), true),
                errorHandler(annotation.errorHandler()),
                contentType(annotation.contentType()),
                sendTo(method),
                bean,
                method);
    }

    JetStreamListenerEndpoint jetStream(
            JetStreamConsumer annotation, Object bean, Method method, Class<?> targetClass) {
        String id = id(annotation.id(), targetClass, method);
        String durable = values.string(annotation.durable());
        String ackWait = values.string(annotation.ackWait());
        String deadLetter = values.string(annotation.deadLetter());
        String maxDeliver = values.string(annotation.maxDeliver());
        int concurrency = values.integer(annotation.concurrency(), "concurrency");
        int batchSize = values.integer(annotation.batchSize(), "batchSize");
        List<Duration> backoff = values.strings(annotation.backoff()).stream()
                .map(DurationParser::parse)
                .toList();
        return new JetStreamListenerEndpoint(
                id,
                values.string(annotation.stream()),
                durable.isEmpty() ? null : durable,
                values.strings(annotation.filterSubjects()),
                annotation.deliverPolicy(),
                ackWait.isEmpty() ? null : DurationParser.parse(ackWait),
                maxDeliver.isEmpty() ? null : (long) values.integer(annotation.maxDeliver(), "maxDeliver"),
                backoff,
                values.integer(annotation.maxAckPending(), "maxAckPending"),
                concurrency,
                batchSize > 0 ? batchSize : Math.max(10, 2 * concurrency),
                annotation.ordered(),
                annotation.pull(),
                annotation.create(),
                annotation.ackMode(),
                deadLetter.isEmpty() ? null : deadLetter,
                values.bool(annotation.autoStartup(), true),
                errorHandler(annotation.errorHandler()),
                contentType(annotation.contentType()),
                bean,
                method);
    }

    private String id(String declared, Class<?> targetClass, Method method) {
        String resolved = values.string(declared);
        if (!resolved.isEmpty()) {
            return resolved;
        }
        String base = urlSafe(targetClass.getSimpleName()) + "." + urlSafe(method.getName());
        String candidate = base;
        for (int n = 2; usedIds.contains(candidate); n++) {
            candidate = base + "-" + n;
        }
        usedIds.add(candidate);
        return candidate;
    }

    /** Keeps default ids usable in URLs as they are: RFC 3986 unreserved characters only. */
    static String urlSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean unreserved = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '-';
            out.append(unreserved ? c : '-');
        }
        return out.isEmpty() ? "listener" : out.toString();
    }

    private NatsListenerErrorHandler errorHandler(String name) {
        String resolved = values.string(name);
        return resolved.isEmpty() ? defaultErrorHandler : beanFactory.getBean(resolved, NatsListenerErrorHandler.class);
    }

    private @Nullable MimeType contentType(String value) {
        String resolved = values.string(value);
        return resolved.isEmpty() ? null : MimeType.valueOf(resolved);
    }

    private @Nullable String sendTo(Method method) {
        SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
        if (sendTo == null || sendTo.value().length == 0) {
            return null;
        }
        List<String> subjects = values.strings(sendTo.value());
        if (subjects.size() != 1) {
            throw new IllegalArgumentException("@SendTo on " + method + " must name exactly one subject: " + subjects);
        }
        return subjects.get(0);
    }
}
