package io.natsspring.broker.internal.jetstream.api;

/**
 * An API answer sent with a header block (e.g. {@code Nats-Stream-Identity} on a consumer create): a handler
 * completes with this instead of the plain answer and the dispatcher publishes {@code fields} with {@code headers}.
 *
 * @param fields  the answer's fields, as a handler would return them without headers
 * @param headers a complete {@code NATS/1.0} header block
 */
record HeaderedAnswer(Object fields, byte[] headers) {}
