package io.natsspring.broker.internal.store;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * The message log of one JetStream stream.
 *
 * <h2>Sequences</h2>
 * Sequences start at 1 and only grow: purge, compact and deletes never make {@link #append} reuse one, also across
 * restarts of a file store.
 *
 * <h2>Threading</h2>
 * Mutations ({@code append}, {@code delete}, purges, {@code flush} …) are expected from one writer thread per
 * stream; reads may come from any thread concurrently. Each store guards its state with a read-write lock, so
 * readers never block each other and always see a consistent state.
 *
 * <h2>Durability contract</h2>
 * <ul>
 *   <li>{@link #append} (and the tombstones written for removals) may only buffer in memory.</li>
 *   <li>{@link #flush()} hands everything buffered to the operating system with a single {@code write}; after it
 *       returns the data survives a crash of this process (not of the machine). The stream layer calls it once per
 *       batch of appends, before acknowledging publishers (group commit).</li>
 *   <li>{@link #sync()} additionally forces written data to the device (fsync). File stores also sync from a
 *       background task every {@code syncInterval} (default 2 minutes), or on every {@code flush} when
 *       {@code syncAlways} is set.</li>
 *   <li>Removals of single messages (delete, filtered purge, limit eviction, expiry) are recorded like appends:
 *       buffered, handed to the OS by the next {@code flush}. {@link #updateLimits} flushes before returning.</li>
 *   <li>{@link #purge()}, {@link #compact} and unfiltered {@link #purge(String, long, long)} persist the new
 *       first sequence synchronously (fsync'd state file) before returning.</li>
 *   <li>{@link #close()} flushes and syncs.</li>
 * </ul>
 * Memory stores treat {@code flush}/{@code sync} as no-ops.
 *
 * <h2>Filters</h2>
 * A filter is a subject that may contain {@code *} and {@code >} wildcards; {@code null} or {@code ">"} means
 * every message.
 *
 * <p>I/O failures surface as {@link UncheckedIOException} from the read and write methods.
 */
public interface StreamStore extends AutoCloseable {

    /**
     * Appends a message and applies the store limits (discard-old) atomically with it.
     *
     * @param headers raw {@code NATS/1.0} header block or {@code null}
     * @return the assigned sequence
     */
    long append(String subject, byte[] headers, byte[] payload, long timestampNanos);

    /** Message with this sequence, or {@code null} if it was never stored or has been removed. */
    StoredMessage load(long seq);

    /** First live message with {@code seq >= fromSeq} whose subject matches {@code filter}, or {@code null}. */
    StoredMessage loadNext(String filter, long fromSeq);

    /** Like {@link #loadNext(String, long)} with a message matching any of {@code filters} (empty = all). */
    StoredMessage loadNextAny(Collection<String> filters, long fromSeq);

    /** Last live message with {@code seq <= fromSeq} matching {@code filter}, or {@code null}. */
    StoredMessage loadPrev(String filter, long fromSeq);

    /** Newest live message whose subject matches {@code subject} (literal or wildcard), or {@code null}. */
    StoredMessage loadLast(String subject);

    /**
     * First live sequence whose timestamp is at or after {@code timestampNanos}; {@code lastSeq + 1} when there is
     * none. Assumes timestamps grow with sequences (as the stream assigns them).
     */
    long sequenceForTime(long timestampNanos);

    /** Sequence of the newest live message on this literal subject, 0 if none. */
    long lastSequence(String literalSubject);

    /** Live messages on this literal subject. */
    long count(String literalSubject);

    /** Live message count per literal subject matching {@code filter}. */
    Map<String, Long> subjectCounts(String filter);

    /** Distinct subjects among live messages. */
    int numSubjects();

    /** Live messages with {@code seq >= fromSeq} matching {@code filter}. O(1)/O(log n) for all and literals. */
    long numPending(String filter, long fromSeq);

    /** {@link #numPending(String, long)} for a message matching any of {@code filters} (empty = all). */
    long numPendingAny(Collection<String> filters, long fromSeq);

    /**
     * Sequences, ascending, of the newest live message of every subject matching {@code filter} (for
     * deliver-last-per-subject and KV watchers).
     */
    long[] lastPerSubject(String filter);

    /**
     * Removes one message.
     *
     * @param erase also overwrite its headers and payload in storage with random bytes
     * @return {@code false} if it was not live
     */
    boolean delete(long seq, boolean erase);

    /** Removes every message; the next append gets {@code lastSeq + 1}. Returns the number removed. */
    long purge();

    /**
     * Purge following ADR-10: removes messages matching {@code filter}, only those with
     * {@code seq < upToSeqExclusive} when that is {@code > 0}; with {@code keep > 0} the newest {@code keep}
     * matching messages (counted over the whole filter, not per subject) are never removed.
     *
     * @return the number removed
     */
    long purge(String filter, long upToSeqExclusive, long keep);

    /**
     * Removes every message below {@code seq}. If {@code seq > lastSeq + 1} the stream moves forward so the next
     * append gets {@code seq}. Returns the number removed.
     */
    long compact(long seq);

    /** Removes messages older than {@code cutoffNanos} from the head; returns the number removed. */
    long expireBefore(long cutoffNanos);

    /** Timestamp of the first live message, 0 when empty. */
    long firstTimestampNanos();

    /** Current counters; O(1). */
    StreamState state();

    /** {@code state().bytes()} without the snapshot object (read after every write). */
    default long bytes() {
        return state().bytes();
    }

    /** The interior gaps: non-live sequences between first and last, ascending. */
    long[] deletedSequences();

    StoreLimits limits();

    /** Replaces the limits and enforces them immediately (max age against the wall clock). */
    void updateLimits(StoreLimits limits);

    /**
     * Whether blocks are stored compressed from now on (a stream's {@code compression: s2}); only stores that
     * persist blocks compress, others ignore it. Blocks already written keep their form.
     */
    default void setCompression(boolean on) {}

    /** Sets (or clears with {@code null}) the listener told about removals. */
    void setRemovalListener(StoreRemovalListener listener);

    /** Bytes this store occupies in its medium (file sizes on disk, or accounted bytes in memory). */
    long storageBytes();

    /** Hands buffered writes to the OS; see the class comment. */
    void flush();

    /** Flushes and forces written data to the device. */
    void sync();

    /**
     * Whether every {@link #flush()} also forces to the device ({@code sync_interval: always}); files kept beside
     * the stream (durable consumers' state) follow the same contract.
     */
    default boolean syncsEveryFlush() {
        return false;
    }

    /** Flushes, syncs and releases resources. Further calls fail. */
    @Override
    void close();

    /**
     * Releases resources of a store whose files are about to be deleted: nothing buffered is written and nothing
     * is forced to the device (a stream delete). Further calls fail.
     */
    default void discard() {
        close();
    }
}
