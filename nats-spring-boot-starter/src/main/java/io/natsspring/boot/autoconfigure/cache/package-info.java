/** Auto-configuration of the Spring Cache on Key-Value buckets ({@code nats.cache.*}). */
package io.natsspring.boot.autoconfigure.cache;
