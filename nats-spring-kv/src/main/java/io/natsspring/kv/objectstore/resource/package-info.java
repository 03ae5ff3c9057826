/** {@code nats-os://<bucket>/<object name>} as a Spring {@link org.springframework.core.io.Resource}. */
package io.natsspring.kv.objectstore.resource;
