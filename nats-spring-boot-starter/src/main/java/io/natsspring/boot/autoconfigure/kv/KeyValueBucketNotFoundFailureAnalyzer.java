package io.natsspring.boot.autoconfigure.kv;

import io.natsspring.kv.core.KeyValueBucketNotFoundException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a Key-Value bucket that a listener or template needs and the server does not have. */
class KeyValueBucketNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<KeyValueBucketNotFoundException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KeyValueBucketNotFoundException cause) {
        return new FailureAnalysis(
                cause.getMessage() + ".",
                "Declare the bucket, e.g. nats.jetstream.key-value[0].name=" + cause.getBucket()
                        + ", or create it before the application starts (nats kv add " + cause.getBucket()
                        + "), or correct the bucket name.",
                cause);
    }
}
