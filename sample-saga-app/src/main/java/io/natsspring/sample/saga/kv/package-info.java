/** JSON values in NATS Key-Value buckets, with compare-and-set updates on the entry revision. */
package io.natsspring.sample.saga.kv;
