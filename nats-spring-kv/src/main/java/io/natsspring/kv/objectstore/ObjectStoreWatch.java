package io.natsspring.kv.objectstore;

/** A running watch on an Object Store bucket; {@link #close()} stops it. */
public interface ObjectStoreWatch extends AutoCloseable {

    /** Stops the watch; calling it again does nothing. */
    @Override
    void close();
}
