package io.natsspring.boot.autoconfigure;

/** How the application reaches NATS. */
public enum NatsMode {

    /** Remote when {@code nats.servers} is set (or connection details are supplied), else embedded. */
    AUTO,

    /** Start the embedded broker in-process and connect to it. */
    EMBEDDED,

    /** Start no broker; connect to {@code nats.servers}. */
    REMOTE
}
