package io.natsspring.sample.saga.kv;

/** A value read from a bucket together with the revision a compare-and-set must name to replace it. */
public record Versioned<T>(T value, long revision) {}
