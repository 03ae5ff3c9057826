package io.natsspring.broker.internal.routing;

import java.util.function.Consumer;

/**
 * The literal-token children of a {@link SubjectNode}, keyed by each child's own {@link SubjectNode#token}: an
 * open-addressing table (linear probing, at most 3/4 full, deletion by backward shift). Unlike a {@code HashMap}
 * it holds no entry object per child, only an array slot: a node with 100,000 literal children costs ~3 MB less.
 * Not thread-safe; the tree guards it.
 */
final class LiteralChildren<S extends RoutedSubscription> {

    private static final int INITIAL_CAPACITY = 2;

    private SubjectNode<S>[] table;
    private int size;

    LiteralChildren() {
        table = newTable(INITIAL_CAPACITY);
    }

    /** The child whose token is {@code token}, or {@code null}. */
    SubjectNode<S> get(String token) {
        SubjectNode<S>[] t = table;
        int mask = t.length - 1;
        for (int i = home(token, mask); ; i = (i + 1) & mask) {
            SubjectNode<S> n = t[i];
            if (n == null || n.token.equals(token)) {
                return n;
            }
        }
    }

    /** The child whose token is the one {@code key} points at (no substring made), or {@code null}. */
    SubjectNode<S> get(TokenKey key) {
        SubjectNode<S>[] t = table;
        int mask = t.length - 1;
        int h = key.hashCode();
        for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
            SubjectNode<S> n = t[i];
            if (n == null || key.equals(n.token)) {
                return n;
            }
        }
    }

    /** Adds a child; the caller has checked that no child with its token exists. */
    void add(SubjectNode<S> child) {
        if ((size + 1) * 4 > table.length * 3) {
            resize(table.length * 2);
        }
        insert(table, child);
        size++;
    }

    /** Removes this very child; false when it is not here. */
    boolean remove(SubjectNode<S> child) {
        SubjectNode<S>[] t = table;
        int mask = t.length - 1;
        int i = home(child.token, mask);
        while (t[i] != child) {
            if (t[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: move later entries of the probe run into the gap when their home allows it.
        int gap = i;
        for (int j = (gap + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = home(t[j].token, mask);
            // the entry at j may fill the gap when its home is not in the cyclic range (gap, j]
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                t[gap] = t[j];
                gap = j;
            }
        }
        t[gap] = null;
        size--;
        if (size > 0 && size * 8 < t.length && t.length > INITIAL_CAPACITY) {
            resize(Math.max(INITIAL_CAPACITY, Integer.highestOneBit(size * 2) << 1));
        }
        return true;
    }

    /** Number of children. */
    int size() {
        return size;
    }

    /** Gives every child to {@code action}. */
    void forEach(Consumer<? super SubjectNode<S>> action) {
        for (SubjectNode<S> n : table) {
            if (n != null) {
                action.accept(n);
            }
        }
    }

    private void resize(int capacity) {
        SubjectNode<S>[] bigger = newTable(capacity);
        for (SubjectNode<S> n : table) {
            if (n != null) {
                insert(bigger, n);
            }
        }
        table = bigger;
    }

    private static <S extends RoutedSubscription> void insert(SubjectNode<S>[] t, SubjectNode<S> child) {
        int mask = t.length - 1;
        int i = home(child.token, mask);
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = child;
    }

    /** The slot a token's probe run starts at (the hash spread as {@code HashMap} does). */
    private static int home(String token, int mask) {
        int h = token.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    @SuppressWarnings("unchecked")
    private static <S extends RoutedSubscription> SubjectNode<S>[] newTable(int capacity) {
        return (SubjectNode<S>[]) new SubjectNode<?>[capacity];
    }
}
