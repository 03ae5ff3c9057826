package io.natsspring.broker.internal.routing;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The subscriptions of one tree node (or of one queue group at a node) held in a single field: {@code null} when
 * there are none, the subscription itself when there is one (the common case: a node per subscribe subject), an
 * identity set from the second on. A node with one subscription thus costs no collection at all (an identity set
 * of one costs ~160 bytes). Members are compared by identity. Not thread-safe; the tree guards it.
 */
final class Members {

    private Members() {}

    /** True when {@code sub} (by identity) is among the members held in {@code holder}. */
    static boolean contains(Object holder, Object sub) {
        if (holder instanceof MemberSet) {
            return ((MemberSet) holder).contains(sub);
        }
        return holder == sub && holder != null;
    }

    /** The holder with {@code sub} added; the caller has checked that it is not present. */
    static Object add(Object holder, Object sub) {
        if (holder == null) {
            return sub;
        }
        if (holder instanceof MemberSet) {
            ((MemberSet) holder).add(sub);
            return holder;
        }
        MemberSet set = new MemberSet();
        set.add(holder);
        set.add(sub);
        return set;
    }

    /** The holder with {@code sub} removed ({@code null} once empty); the caller has checked that it is present. */
    static Object remove(Object holder, Object sub) {
        if (!(holder instanceof MemberSet)) {
            return null;
        }
        MemberSet set = (MemberSet) holder;
        set.remove(sub);
        return set.size() == 1 ? set.keySet().iterator().next() : holder;
    }

    /** Adds every member to {@code out}. */
    @SuppressWarnings("unchecked")
    static <S> void addTo(Object holder, Collection<S> out) {
        if (holder instanceof MemberSet) {
            out.addAll((Set<S>) ((MemberSet) holder).keySet());
        } else if (holder != null) {
            out.add((S) holder);
        }
    }

    /** The members as a new array (one element when a single subscription is held); {@code holder} is not null. */
    static Object[] toArray(Object holder) {
        return holder instanceof MemberSet ? ((MemberSet) holder).keySet().toArray() : new Object[] {holder};
    }

    /** Gives every member to {@code action}. */
    @SuppressWarnings("unchecked")
    static <S> void forEach(Object holder, Consumer<? super S> action) {
        if (holder instanceof MemberSet) {
            ((Set<S>) ((MemberSet) holder).keySet()).forEach(action);
        } else if (holder != null) {
            action.accept((S) holder);
        }
    }

    /**
     * Two or more members, as the keys of an identity map. A class of its own so that a subscription type that
     * happens to be a map is still told apart.
     */
    private static final class MemberSet extends IdentityHashMap<Object, Boolean> {
        private static final long serialVersionUID = 1L;

        MemberSet() {
            super(4);
        }

        void add(Object sub) {
            put(sub, Boolean.TRUE);
        }

        boolean contains(Object sub) {
            return containsKey(sub);
        }
    }
}
