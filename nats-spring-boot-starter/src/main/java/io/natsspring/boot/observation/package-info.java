/**
 * Micrometer Observation support: observations of outgoing messages (publish, request, JetStream publish) that
 * carry the trace context in message headers, and of listener processing that continues it.
 */
package io.natsspring.boot.observation;
