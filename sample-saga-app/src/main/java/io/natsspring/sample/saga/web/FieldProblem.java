package io.natsspring.sample.saga.web;

/** One invalid field of a request: its path (e.g. {@code items[0].quantity}) and what is wrong with it. */
public record FieldProblem(String field, String message) {}
