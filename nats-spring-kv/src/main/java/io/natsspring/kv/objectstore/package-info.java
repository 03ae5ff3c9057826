/** NATS Object Store for Spring: {@link io.natsspring.kv.objectstore.ObjectStoreTemplate} and its exceptions. */
package io.natsspring.kv.objectstore;
