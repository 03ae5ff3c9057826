package io.natsspring.boot.autoconfigure.cache;

import io.natsspring.kv.cache.NatsCacheException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a cache whose bucket cannot be created or opened at startup, naming the cache and the bucket. */
class NatsCacheFailureAnalyzer extends AbstractFailureAnalyzer<NatsCacheException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NatsCacheException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Check nats.cache.cache-names, nats.cache.caches, nats.cache.bucket-prefix (bucket names are"
                        + " A-Z a-z 0-9 _ -), nats.cache.replicas and nats.cache.storage against the server, or"
                        + " declare the bucket under nats.jetstream.key-value.",
                cause);
    }
}
