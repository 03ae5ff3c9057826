package io.natsspring.boot.kvconfig;

import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a {@code nats-kv:<bucket>} import that failed: names the bucket and says why (missing bucket,
 * unreachable server), where Boot's own analysis would only say that the resource does not exist.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NatsKeyValueConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigDataResourceNotFoundException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigDataResourceNotFoundException cause) {
        if (!(cause.getResource() instanceof NatsKeyValueConfigDataResource resource)) {
            return null;
        }
        String reason = cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage();
        return new FailureAnalysis(
                "spring.config.import=nats-kv:" + resource.getBucket() + " failed: " + reason,
                "Check nats.servers and the bucket's name, create the bucket, or import it with optional:nats-kv:"
                        + resource.getBucket() + " to start without it.",
                cause);
    }
}
