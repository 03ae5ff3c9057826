package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.stream.Stream;

/** Told by the {@link StreamRegistry} when a stream appears, changes or goes (e.g. to keep direct gets in step). */
public interface StreamListener {

    /** A stream was created, restored or updated. */
    void streamChanged(Stream stream);

    /** The stream with this name was deleted. */
    void streamDeleted(String name);
}
