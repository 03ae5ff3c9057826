package io.natsspring.broker.internal.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded, two-way set-associative cache from literal subject to {@link MatchResult}. Lookups are lock-free
 * and allocation-free, by {@code String} or by the subject's UTF-8 bytes; both hash the same byte sequence
 * (see {@link #hash(String)}). When both slots of a set are taken, a random one is replaced.
 *
 * <p>Entries are immutable and published through volatile array slots. Lookups may run at any time; the
 * owning {@link SubjectTree} keeps {@link #put} and the invalidation methods mutually exclusive (puts under its
 * read lock, invalidations under its write lock), which is what keeps stale results out.
 */
final class MatchCache<S> {

    /** Above this many changed wildcard patterns a full clear is cheaper than testing each entry. */
    private static final int MAX_PATTERNS_PER_SCAN = 16;

    private final AtomicReferenceArray<Entry<S>> slots;
    private final int setMask;
    /**
     * False only when every slot is known to be empty, so that a wildcard subscription added while nothing is
     * cached (100,000 SUBs before the first publish) does not scan all slots. Set by {@link #put}; cleared by
     * {@link #clear} and by a scan that leaves no entry (both exclusive with {@code put}, see above).
     */
    private volatile boolean occupied;

    /** Creates a cache holding at most {@code capacity} entries, rounded up to a power of two (at least 2). */
    MatchCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be positive: " + capacity);
        }
        int slotCount = Math.max(2, Integer.highestOneBit(Math.min(capacity, 1 << 30) - 1) << 1);
        slots = new AtomicReferenceArray<>(slotCount);
        setMask = slotCount / 2 - 1;
    }

    /** Number of slots, i.e. the maximum number of entries. */
    int capacity() {
        return slots.length();
    }

    /** The cached result for {@code subject}, whose {@link #hash(String)} is {@code hash}, or null. */
    MatchResult<S> get(String subject, int hash) {
        int base = setBase(hash);
        Entry<S> e = slots.get(base);
        if (e != null && e.hash == hash && e.subject.equals(subject)) {
            return e.result;
        }
        e = slots.get(base + 1);
        if (e != null && e.hash == hash && e.subject.equals(subject)) {
            return e.result;
        }
        return null;
    }

    /** The cached result for the subject in {@code bytes[offset, offset+length)} with the given hash, or null. */
    MatchResult<S> get(byte[] bytes, int offset, int length, int hash) {
        int base = setBase(hash);
        Entry<S> e = slots.get(base);
        if (e != null && e.hash == hash && e.sameKey(bytes, offset, length)) {
            return e.result;
        }
        e = slots.get(base + 1);
        if (e != null && e.hash == hash && e.sameKey(bytes, offset, length)) {
            return e.result;
        }
        return null;
    }

    /** Caches {@code result} for {@code subject}; {@code key} is its UTF-8 encoding and {@code hash} its hash. */
    void put(String subject, byte[] key, int hash, MatchResult<S> result) {
        int base = setBase(hash);
        Entry<S> entry = new Entry<>(subject, key, hash, result);
        if (!occupied) {
            occupied = true;
        }
        Entry<S> first = slots.get(base);
        if (first == null || (first.hash == hash && first.subject.equals(subject))) {
            slots.set(base, entry);
            return;
        }
        Entry<S> second = slots.get(base + 1);
        if (second == null || (second.hash == hash && second.subject.equals(subject))) {
            slots.set(base + 1, entry);
            return;
        }
        slots.set(base + (ThreadLocalRandom.current().nextInt() & 1), entry);
    }

    /** Drops the entry of one literal subject. */
    void invalidate(String subject) {
        int hash = hash(subject);
        int base = setBase(hash);
        for (int i = base; i < base + 2; i++) {
            Entry<S> e = slots.get(i);
            if (e != null && e.hash == hash && e.subject.equals(subject)) {
                slots.set(i, null);
            }
        }
    }

    /** Drops every entry whose subject is matched by one of the (wildcard) patterns. */
    void invalidateMatching(Collection<String> patterns) {
        if (patterns.isEmpty() || !occupied) {
            return;
        }
        if (patterns.size() > MAX_PATTERNS_PER_SCAN) {
            clear();
            return;
        }
        String[] patternArray = patterns.toArray(new String[0]);
        String[] prefixes = new String[patternArray.length];
        for (int p = 0; p < patternArray.length; p++) {
            prefixes[p] = literalPrefix(patternArray[p]);
        }
        boolean left = false;
        for (int i = 0; i < slots.length(); i++) {
            Entry<S> e = slots.get(i);
            if (e != null) {
                if (matchesAny(patternArray, prefixes, e.subject)) {
                    slots.set(i, null);
                } else {
                    left = true;
                }
            }
        }
        if (!left) {
            occupied = false;
        }
    }

    /** Drops every entry. */
    void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
        occupied = false;
    }

    /** Number of occupied slots (a linear scan; for tests and monitoring). */
    int entryCount() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** Hash of the subject's UTF-8 bytes; equal to {@link #hash(byte[], int, int)} of that encoding. */
    static int hash(String subject) {
        int h = 0;
        int len = subject.length();
        for (int i = 0; i < len; i++) {
            char c = subject.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = subject.getBytes(StandardCharsets.UTF_8);
                return hash(utf8, 0, utf8.length);
            }
            h = 31 * h + c;
        }
        return spread(h);
    }

    /** Hash of {@code bytes[offset, offset+length)}. */
    static int hash(byte[] bytes, int offset, int length) {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + (bytes[i] & 0xFF);
        }
        return spread(h);
    }

    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    private int setBase(int hash) {
        return (hash & setMask) << 1;
    }

    /** The part of a pattern before its first wildcard token: a cheap necessary condition for a match. */
    private static String literalPrefix(String pattern) {
        int start = 0;
        while (start < pattern.length()) {
            int end = pattern.indexOf('.', start);
            if (end < 0) {
                end = pattern.length();
            }
            if (end - start == 1 && (pattern.charAt(start) == '*' || pattern.charAt(start) == '>')) {
                return pattern.substring(0, start);
            }
            start = end + 1;
        }
        return pattern;
    }

    private static boolean matchesAny(String[] patterns, String[] prefixes, String subject) {
        for (int p = 0; p < patterns.length; p++) {
            if (subject.startsWith(prefixes[p]) && Subjects.matches(patterns[p], subject)) {
                return true;
            }
        }
        return false;
    }

    /** One immutable cache entry. */
    private static final class Entry<S> {
        final String subject;
        final byte[] key;
        final int hash;
        final MatchResult<S> result;

        Entry(String subject, byte[] key, int hash, MatchResult<S> result) {
            this.subject = subject;
            this.key = key;
            this.hash = hash;
            this.result = result;
        }

        boolean sameKey(byte[] bytes, int offset, int length) {
            return key.length == length && Arrays.equals(key, 0, length, bytes, offset, offset + length);
        }
    }
}
