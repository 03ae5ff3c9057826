package io.natsspring.broker.internal.client;

/** Rewrites the subject of a published message before routing (an account's subject mappings). */
@FunctionalInterface
public interface SubjectMapper {

    /** The subject to route {@code subject} to, or {@code null} to keep it. */
    String map(String subject);
}
