/**
 * Stream snapshots and restores ({@code $JS.API.STREAM.SNAPSHOT/RESTORE}): this broker's archive format
 * ({@link io.natsspring.broker.internal.jetstream.snapshot.SnapshotFormat}), writing it from a live stream in
 * flow-controlled chunks, and staging received chunks on disk before a new store is built from them.
 */
package io.natsspring.broker.internal.jetstream.snapshot;
