package io.natsspring.annotation;

/** Who settles a JetStream message after the handler ran. */
public enum AckMode {

    /**
     * The container acks on return and naks, terminates or dead-letters on exception, unless the handler already
     * settled the message through its {@code Acknowledgment}.
     */
    AUTO,

    /**
     * The handler settles through its {@code Acknowledgment} (possibly later, from another thread); the container
     * only applies the failure rules when the handler throws before settling.
     */
    MANUAL
}
