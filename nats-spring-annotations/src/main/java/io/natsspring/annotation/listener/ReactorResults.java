package io.natsspring.annotation.listener;

import java.util.concurrent.CompletableFuture;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/** Turns Reactor {@code Mono} return values into futures; only touched when Reactor is on the classpath. */
final class ReactorResults {

    static final boolean PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", ReactorResults.class.getClassLoader());

    private ReactorResults() {}

    static boolean isMono(Object value) {
        return value instanceof Mono<?>;
    }

    static CompletableFuture<Object> toFuture(Object mono) {
        return ((Mono<?>) mono).map(Object.class::cast).toFuture();
    }
}
