package io.natsspring.broker.internal.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A connection's subscriptions by sid: an open-addressing table (linear probing, at most 3/4 full, deletion by
 * backward shift) keyed by each subscription's own {@link ClientSubscription#sidBytes()}. Unlike a map from sid
 * string it holds neither an entry object nor a key string per subscription (~80 bytes each), only an array slot.
 *
 * <p>Changed on the connection's event loop; read also by monitoring threads, so every method synchronizes (never
 * contended on the SUB path).
 */
final class SidTable {

    private static final int INITIAL_CAPACITY = 8;

    private ClientSubscription[] table = new ClientSubscription[INITIAL_CAPACITY];
    private int size;

    synchronized int size() {
        return size;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /** The subscription with this sid, or {@code null}. */
    synchronized ClientSubscription get(String sid) {
        int i = find(sid.getBytes(StandardCharsets.UTF_8));
        return i < 0 ? null : table[i];
    }

    synchronized boolean containsKey(String sid) {
        return find(sid.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    /** Adds a subscription whose sid is not in the table yet (the caller checked). */
    synchronized void add(ClientSubscription s) {
        if ((size + 1) * 4 > table.length * 3) {
            resize(table.length * 2);
        }
        insert(table, s);
        size++;
    }

    /** Removes the subscription with this sid; false when there is none. */
    synchronized boolean remove(String sid) {
        int i = find(sid.getBytes(StandardCharsets.UTF_8));
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes this very subscription; false when it is not (or no longer) in the table. */
    synchronized boolean remove(ClientSubscription s) {
        int i = find(s.sidBytes());
        if (i < 0 || table[i] != s) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** A snapshot of the subscriptions. */
    synchronized List<ClientSubscription> values() {
        List<ClientSubscription> all = new ArrayList<>(size);
        for (ClientSubscription s : table) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    synchronized void clear() {
        table = new ClientSubscription[INITIAL_CAPACITY];
        size = 0;
    }

    private int find(byte[] sid) {
        ClientSubscription[] t = table;
        int mask = t.length - 1;
        for (int i = home(sid, mask); ; i = (i + 1) & mask) {
            ClientSubscription s = t[i];
            if (s == null) {
                return -1;
            }
            if (Arrays.equals(s.sidBytes(), sid)) {
                return i;
            }
        }
    }

    private void removeAt(int i) {
        ClientSubscription[] t = table;
        int mask = t.length - 1;
        int gap = i;
        for (int j = (gap + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = home(t[j].sidBytes(), mask);
            // the entry at j may fill the gap when its home is not in the cyclic range (gap, j]
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                t[gap] = t[j];
                gap = j;
            }
        }
        t[gap] = null;
        size--;
        if (size * 8 < t.length && t.length > INITIAL_CAPACITY) {
            resize(Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, size) * 2) << 1));
        }
    }

    private void resize(int capacity) {
        ClientSubscription[] bigger = new ClientSubscription[capacity];
        for (ClientSubscription s : table) {
            if (s != null) {
                insert(bigger, s);
            }
        }
        table = bigger;
    }

    private static void insert(ClientSubscription[] t, ClientSubscription s) {
        int mask = t.length - 1;
        int i = home(s.sidBytes(), mask);
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = s;
    }

    private static int home(byte[] sid, int mask) {
        int h = Arrays.hashCode(sid);
        return (h ^ (h >>> 16)) & mask;
    }
}
