package io.natsspring.broker.internal.store;

import java.util.ArrayDeque;

/**
 * Bounds how many compressed blocks of one store keep their decompressed image in memory: the least recently
 * read beyond {@link #MAX} release theirs. Thread-safe (reads run concurrently under the store's read lock).
 */
final class LoadedImages {

    /** Compressed blocks whose plain image may stay loaded at once. */
    static final int MAX = 2;

    private final ArrayDeque<MessageBlock> recent = new ArrayDeque<>(MAX + 1);

    /** {@code b} (compressed) was just read through its image. */
    synchronized void used(MessageBlock b) {
        if (recent.peekLast() == b) {
            return;
        }
        recent.remove(b);
        recent.addLast(b);
        while (recent.size() > MAX) {
            recent.pollFirst().releaseImage();
        }
    }

    /** {@code b} was removed or rewritten. */
    synchronized void forget(MessageBlock b) {
        recent.remove(b);
        b.releaseImage();
    }
}
