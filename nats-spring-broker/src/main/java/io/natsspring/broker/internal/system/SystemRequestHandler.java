package io.natsspring.broker.internal.system;

/**
 * Answers one system request on the system thread. The answer is a {@code Map} (rendered as JSON; a value
 * {@link ServerEnvelope#PLACEHOLDER} under key {@code "server"} becomes the server's identity with the next event
 * sequence, as {@link SystemRequest#data} and {@link SystemRequest#error} build it), a {@code String} or
 * {@code byte[]} sent as is, {@link SystemAnswers} (several messages, in order), or {@code null} for no answer at all.
 */
@FunctionalInterface
public interface SystemRequestHandler {

    Object handle(SystemRequest request) throws Exception;
}
