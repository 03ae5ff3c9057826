package io.natsspring.boot.autoconfigure;

/** What to do when the server refuses to bring a declared resource in line with its declaration. */
public enum OnConflict {

    /** Fail startup, naming the resource and the fields that differ. */
    FAIL,

    /** Log a warning and keep the server's version. */
    WARN
}
