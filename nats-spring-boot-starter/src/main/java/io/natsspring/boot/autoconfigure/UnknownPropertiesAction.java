package io.natsspring.boot.autoconfigure;

/** What happens at startup with a {@code nats.*} key that no NATS Spring property has (usually a typo). */
public enum UnknownPropertiesAction {

    /** Fail startup, naming the key, where it was set and the nearest valid key. */
    FAIL,

    /** Log a warning with the same information and go on. */
    WARN,

    /** Say nothing. */
    IGNORE
}
