package io.natsspring.annotation.listener;

import org.jspecify.annotations.Nullable;

/**
 * Tells listeners where the application declares a durable consumer, so that an error about it names that place
 * (the Boot starter answers {@code nats.jetstream.consumers[0]} or the name of a declaration bean).
 */
@FunctionalInterface
public interface ConsumerDeclarationLocator {

    /** Locator that knows of no declarations. */
    ConsumerDeclarationLocator NONE = (stream, durable) -> null;

    /** Where the consumer {@code durable} of {@code stream} is declared, or null when it is not. */
    @Nullable
    String locate(String stream, String durable);
}
