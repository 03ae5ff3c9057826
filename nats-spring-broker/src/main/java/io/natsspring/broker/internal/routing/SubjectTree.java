package io.natsspring.broker.internal.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The subscription index that routes published messages: a token tree of subscribe subjects in front of a
 * bounded cache of match results per literal subject.
 *
 * <p>Thread-safe. A cache hit takes no lock and allocates nothing. A miss walks the tree under the read lock
 * and stores its result in the cache before releasing it; {@link #insert}, {@link #remove} and
 * {@link #removeAll} change the tree and invalidate the affected cache entries under the write lock. So once
 * one of them returns, every later match reflects the change. Invalidation is targeted: a literal subscription
 * drops one cache entry, a wildcard subscription the entries its pattern matches.
 *
 * <p>Subscriptions are compared by identity. Emptied tree nodes are pruned on removal.
 *
 * @param <S> the subscription type
 */
public final class SubjectTree<S extends RoutedSubscription> {

    /** Cache capacity used by {@link #SubjectTree()}. */
    public static final int DEFAULT_CACHE_SIZE = 1024;

    private final Lock readLock;
    private final Lock writeLock;
    private final SubjectNode<S> root = new SubjectNode<>(null, null);
    private final MatchCache<S> cache;
    private volatile int size;
    /** Nodes below the root; guarded by the write lock. */
    private int nodeCount;

    /** Creates an empty tree with a cache of {@link #DEFAULT_CACHE_SIZE} entries. */
    public SubjectTree() {
        this(DEFAULT_CACHE_SIZE);
    }

    /** Creates an empty tree whose cache holds at most {@code cacheSize} entries (rounded up to a power of two). */
    public SubjectTree(int cacheSize) {
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        readLock = lock.readLock();
        writeLock = lock.writeLock();
        cache = new MatchCache<>(cacheSize);
    }

    /**
     * Adds a subscription; adding an object that is already in the tree changes nothing.
     *
     * @throws IllegalArgumentException when its subject is not a valid subscribe subject
     */
    public void insert(S sub) {
        String subject = sub.subject();
        if (!Subjects.isValidSubscribeSubject(subject)) {
            throw new IllegalArgumentException("invalid subscribe subject: '" + subject + "'");
        }
        writeLock.lock();
        try {
            SubjectNode<S> node = root;
            int start = 0;
            while (start <= subject.length()) {
                int end = tokenEnd(subject, start);
                String token = subject.substring(start, end);
                SubjectNode<S> child = node.child(token);
                if (child == null) {
                    child = node.addChild(token);
                    nodeCount++;
                }
                node = child;
                start = end + 1;
            }
            if (node.add(sub)) {
                size++;
                invalidate(subject);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes a subscription (by identity); false when it was not in the tree. */
    public boolean remove(S sub) {
        writeLock.lock();
        try {
            if (!removeFromTree(sub)) {
                return false;
            }
            invalidate(sub.subject());
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes all given subscriptions (those not in the tree are skipped) under one lock and one invalidation. */
    public void removeAll(Collection<? extends S> subs) {
        writeLock.lock();
        try {
            Set<String> literalSubjects = null;
            Set<String> patterns = null;
            for (S sub : subs) {
                if (!removeFromTree(sub)) {
                    continue;
                }
                String subject = sub.subject();
                if (Subjects.hasWildcard(subject)) {
                    if (patterns == null) {
                        patterns = new HashSet<>();
                    }
                    patterns.add(subject);
                } else {
                    if (literalSubjects == null) {
                        literalSubjects = new HashSet<>();
                    }
                    literalSubjects.add(subject);
                }
            }
            if (patterns != null) {
                cache.invalidateMatching(patterns);
            }
            if (literalSubjects != null) {
                for (String subject : literalSubjects) {
                    cache.invalidate(subject);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Gives every subscription in the tree to {@code action}, under the read lock (do not modify the tree in it). */
    public void forEach(java.util.function.Consumer<? super S> action) {
        readLock.lock();
        try {
            root.forEach(action);
        } finally {
            readLock.unlock();
        }
    }

    /** Number of subscriptions in the tree. */
    public int size() {
        return size;
    }

    /**
     * The subscriptions matching a literal subject. Callers validate it first
     * ({@link Subjects#isValidPublishSubject}); a subject with an empty token matches nothing.
     */
    public MatchResult<S> match(String literalSubject) {
        int hash = MatchCache.hash(literalSubject);
        MatchResult<S> cached = cache.get(literalSubject, hash);
        if (cached != null) {
            return cached;
        }
        return matchAndCache(literalSubject, literalSubject.getBytes(StandardCharsets.UTF_8), hash);
    }

    /**
     * The subscriptions matching the literal subject in {@code subject[offset, offset+length)}, given as UTF-8
     * (normally ASCII) bytes. Allocates nothing when the result is cached. The array is not retained.
     */
    public MatchResult<S> match(byte[] subject, int offset, int length) {
        int hash = MatchCache.hash(subject, offset, length);
        MatchResult<S> cached = cache.get(subject, offset, length, hash);
        if (cached != null) {
            return cached;
        }
        String literalSubject = new String(subject, offset, length, StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOfRange(subject, offset, offset + length);
        if (!isAscii(key)) {
            // Re-encode so that the entry's key and hash agree with the String it holds, even for malformed input.
            key = literalSubject.getBytes(StandardCharsets.UTF_8);
            hash = MatchCache.hash(key, 0, key.length);
        }
        return matchAndCache(literalSubject, key, hash);
    }

    /**
     * {@link #match(String)} for a subject known both as a String and as its exact UTF-8 encoding {@code utf8}
     * (a server-built message): a miss caches both as they are, so {@code utf8} must never change afterwards.
     */
    public MatchResult<S> match(String literalSubject, byte[] utf8) {
        int hash = MatchCache.hash(utf8, 0, utf8.length);
        MatchResult<S> cached = cache.get(utf8, 0, utf8.length, hash);
        if (cached != null) {
            return cached;
        }
        return matchAndCache(literalSubject, utf8, hash);
    }

    /** True when at least one subscription matches the literal subject. */
    public boolean hasInterest(String literalSubject) {
        return !match(literalSubject).isEmpty();
    }

    /** Byte variant of {@link #hasInterest(String)}, see {@link #match(byte[], int, int)}. */
    public boolean hasInterest(byte[] subject, int offset, int length) {
        return !match(subject, offset, length).isEmpty();
    }

    /** Number of tree nodes below the root; zero once every subscription is removed. */
    int nodeCount() {
        writeLock.lock();
        try {
            return nodeCount;
        } finally {
            writeLock.unlock();
        }
    }

    /** Number of cached match results. */
    int cachedEntryCount() {
        return cache.entryCount();
    }

    /** Maximum number of cached match results. */
    int cacheCapacity() {
        return cache.capacity();
    }

    private MatchResult<S> matchAndCache(String literalSubject, byte[] key, int hash) {
        if (hasEmptyToken(literalSubject)) {
            return MatchResult.empty();
        }
        readLock.lock();
        try {
            MatchResultBuilder<S> builder = new MatchResultBuilder<>();
            root.collect(literalSubject, 0, new TokenKey(), builder);
            MatchResult<S> result = builder.build();
            cache.put(literalSubject, key, hash, result);
            return result;
        } finally {
            readLock.unlock();
        }
    }

    /** Detaches the subscription from its node and prunes emptied nodes; caller holds the write lock. */
    private boolean removeFromTree(S sub) {
        String subject = sub.subject();
        SubjectNode<S> node = root;
        int start = 0;
        while (start <= subject.length()) {
            int end = tokenEnd(subject, start);
            node = node.child(subject.substring(start, end));
            if (node == null) {
                return false;
            }
            start = end + 1;
        }
        if (!node.remove(sub)) {
            return false;
        }
        size--;
        while (node != root && node.isEmpty()) {
            node.parent.removeChild(node);
            nodeCount--;
            node = node.parent;
        }
        return true;
    }

    private void invalidate(String subject) {
        if (Subjects.hasWildcard(subject)) {
            cache.invalidateMatching(List.of(subject));
        } else {
            cache.invalidate(subject);
        }
    }

    private static int tokenEnd(String subject, int start) {
        int end = subject.indexOf('.', start);
        return end < 0 ? subject.length() : end;
    }

    /** True when a token is empty (such a subject matches nothing and is not cached). */
    private static boolean hasEmptyToken(String subject) {
        int n = subject.length();
        if (n == 0 || subject.charAt(0) == '.' || subject.charAt(n - 1) == '.') {
            return true;
        }
        return subject.contains("..");
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
