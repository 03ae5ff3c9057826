package io.natsspring.boot.autoconfigure.deadletter;

import io.nats.client.api.StreamConfiguration;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.StreamDeclaration;
import java.util.Set;
import java.util.stream.Collectors;

/** The dead-letter stream's configuration and which source streams route into it. */
public final class DeadLetterStream {

    private DeadLetterStream() {}

    /** Whether routing is on globally or for at least one declared stream. */
    public static boolean isEnabled(NatsJetStreamProperties properties) {
        return properties.getDeadLetter().isEnabled()
                || properties.getStreams().stream().anyMatch(StreamDeclaration::isDeadLetter);
    }

    /** Source streams routed when routing is per stream; empty when it is global (every stream but the DLQ). */
    public static Set<String> routedStreams(NatsJetStreamProperties properties) {
        if (properties.getDeadLetter().isEnabled()) {
            return Set.of();
        }
        return properties.getStreams().stream()
                .filter(StreamDeclaration::isDeadLetter)
                .map(StreamDeclaration::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The DLQ stream: captures {@code <subject-prefix>.>}. */
    public static StreamConfiguration configuration(NatsJetStreamProperties.DeadLetter deadLetter) {
        return StreamConfiguration.builder()
                .name(deadLetter.getStream())
                .description("Dead letters routed by NATS Spring")
                .subjects(deadLetter.getSubjectPrefix() + ".>")
                .storageType(deadLetter.getStorage())
                .maxAge(deadLetter.getMaxAge())
                .replicas(deadLetter.getReplicas())
                .build();
    }
}
