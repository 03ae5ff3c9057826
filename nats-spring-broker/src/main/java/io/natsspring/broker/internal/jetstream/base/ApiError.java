package io.natsspring.broker.internal.jetstream.base;

/**
 * An error as a JetStream API response carries it: {@code {"code":…,"err_code":…,"description":…}}.
 *
 * @param code        HTTP-like status
 * @param errCode     JetStream error code
 * @param description human readable text
 */
public record ApiError(int code, int errCode, String description) {}
