package io.natsspring.kv.core;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Typed access to one Key-Value bucket: values of type {@code T}, keys checked against the key rules of
 * {@link KeyValueKeys} (an invalid key is an {@link IllegalArgumentException} naming it and the bucket).
 *
 * <p>Failures are {@link KeyValueException}s naming the bucket and key: {@link KeyValueKeyExistsException},
 * {@link KeyValueWrongRevisionException}, {@link KeyValueKeyNotFoundException}, {@link KeyValueConversionException},
 * and the base type for I/O errors and server errors. A value that cannot be converted is never returned as null.
 *
 * @param <T> the value type
 */
public interface KeyValueOperations<T> {

    /** The bucket's name. */
    String getBucketName();

    /** The latest value of {@code key}, or empty when it was never written, was deleted or purged. */
    Optional<T> get(String key);

    /** The latest revision of {@code key} with its value and metadata, or empty when it has no value. */
    Optional<KeyValueEntry<T>> getEntry(String key);

    /** Writes {@code value} (not null) and returns the new revision. */
    long put(String key, T value);

    /**
     * Writes {@code value} only if {@code key} has no value (never written, deleted or purged); returns the revision.
     *
     * @throws KeyValueKeyExistsException when the key holds a value
     */
    long create(String key, T value);

    /**
     * Writes {@code value} only if the latest revision of {@code key} is {@code expectedRevision}; returns the new one.
     *
     * @throws KeyValueWrongRevisionException when another revision was written since
     */
    long update(String key, T value, long expectedRevision);

    /**
     * Reads the value of {@code key}, applies {@code change} to it and writes the result if nobody wrote the key in
     * between; when somebody did, reads again and retries, up to {@link KeyValueTemplate#DEFAULT_MAX_UPDATE_ATTEMPTS}
     * attempts in all (configurable on the template). {@code change} may thus run several times and must not have side
     * effects; it must not return null. Returns the value written.
     *
     * @throws KeyValueKeyNotFoundException when the key has no value
     * @throws KeyValueWrongRevisionException when every attempt met a conflict
     */
    T update(String key, UnaryOperator<T> change);

    /** Marks {@code key} deleted; its history stays (up to the bucket's history setting). */
    void delete(String key);

    /** Marks {@code key} purged, removing its earlier revisions. */
    void purge(String key);

    /** The keys that have a value, in no particular order. */
    List<String> keys();

    /** The keys matching {@code filter} ({@code *} and {@code >} wildcards) that have a value. */
    List<String> keys(String filter);

    /**
     * The revisions of {@code key} kept by the bucket, oldest first, delete and purge markers included (with a null
     * value); empty when the key was never written.
     */
    List<KeyValueEntry<T>> history(String key);

    /**
     * Watches the keys matching {@code keyPattern}: first the latest revision of each (a delete or purge marker when that is the latest),
     * then {@link KeyValueWatchListener#onInitialValuesDelivered()}, then every change as it happens.
     */
    KeyValueWatch watch(String keyPattern, KeyValueWatchListener<T> listener);

    /** The same, delivering only changes made after the watch started when {@code updatesOnly} is true. */
    KeyValueWatch watch(String keyPattern, KeyValueWatchListener<T> listener, boolean updatesOnly);
}
