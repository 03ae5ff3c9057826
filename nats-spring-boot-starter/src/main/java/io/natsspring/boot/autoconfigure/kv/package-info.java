/** Auto-configuration of the typed Key-Value templates of {@code nats-spring-kv}. */
package io.natsspring.boot.autoconfigure.kv;
