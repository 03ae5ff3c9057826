package io.natsspring.benchmarks;

/**
 * A server the bench runs against.
 *
 * @param label     the name in result lines (e.g. {@code nats-server}, {@code ours})
 * @param url       the client URL
 * @param serverPid the server's process id when it runs on this machine, else null (no CPU/RSS figures)
 */
public record Target(String label, String url, String serverPid) {}
