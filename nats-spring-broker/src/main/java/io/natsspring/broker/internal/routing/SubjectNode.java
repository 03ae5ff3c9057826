package io.natsspring.broker.internal.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * One token position of a {@link SubjectTree}: children per next token and the subscriptions whose subject
 * ends here. Collections are created lazily and dropped when emptied so that idle nodes stay small and
 * {@link #isEmpty()} tells when the node can be pruned; the subscriptions are held as {@link Members} (one needs
 * no collection) and the literal children in an open-addressing {@link LiteralChildren} table. Not thread-safe;
 * the tree guards it.
 */
final class SubjectNode<S extends RoutedSubscription> {

    /** The token of every {@code *} node (shared: not one string per node). */
    private static final String ANY_TOKEN = "*";
    /** The token of every {@code >} node. */
    private static final String TAIL_TOKEN = ">";

    /** The node this one hangs from; {@code null} for the root. */
    final SubjectNode<S> parent;
    /** The token leading from {@link #parent} to this node; {@code null} for the root. */
    final String token;

    private LiteralChildren<S> literals;
    private SubjectNode<S> anyToken;
    private SubjectNode<S> tail;
    /** The subscriptions without a queue group, as {@link Members}. */
    private Object plain;
    /** Per queue group name, its subscriptions as {@link Members}. */
    private Map<String, Object> groups;

    SubjectNode(SubjectNode<S> parent, String token) {
        this.parent = parent;
        this.token = token;
    }

    /** The child reached by a subscription token ({@code *} and {@code >} select the wildcard children). */
    SubjectNode<S> child(String subscriptionToken) {
        if (isAnyToken(subscriptionToken)) {
            return anyToken;
        }
        if (isTail(subscriptionToken)) {
            return tail;
        }
        return literals == null ? null : literals.get(subscriptionToken);
    }

    /** Creates the child for a subscription token; the caller has checked that it does not exist. */
    SubjectNode<S> addChild(String subscriptionToken) {
        if (isAnyToken(subscriptionToken)) {
            anyToken = new SubjectNode<>(this, ANY_TOKEN);
            return anyToken;
        }
        if (isTail(subscriptionToken)) {
            tail = new SubjectNode<>(this, TAIL_TOKEN);
            return tail;
        }
        SubjectNode<S> child = new SubjectNode<>(this, subscriptionToken);
        if (literals == null) {
            literals = new LiteralChildren<>();
        }
        literals.add(child);
        return child;
    }

    /** Detaches an empty child. */
    void removeChild(SubjectNode<S> child) {
        if (child == anyToken) {
            anyToken = null;
        } else if (child == tail) {
            tail = null;
        } else if (literals != null && literals.remove(child) && literals.size() == 0) {
            literals = null;
        }
    }

    /** True when the node has neither children nor subscriptions. */
    boolean isEmpty() {
        return literals == null && anyToken == null && tail == null && plain == null && groups == null;
    }

    /** Adds the subscription here; false when this very object is already present. */
    boolean add(S sub) {
        String group = sub.queueGroup();
        if (group == null) {
            if (Members.contains(plain, sub)) {
                return false;
            }
            plain = Members.add(plain, sub);
            return true;
        }
        if (groups == null) {
            groups = new HashMap<>(4);
        }
        Object members = groups.get(group);
        if (Members.contains(members, sub)) {
            return false;
        }
        groups.put(group, Members.add(members, sub));
        return true;
    }

    /** Removes the subscription from here; false when it was not present. */
    boolean remove(S sub) {
        String group = sub.queueGroup();
        if (group == null) {
            if (!Members.contains(plain, sub)) {
                return false;
            }
            plain = Members.remove(plain, sub);
            return true;
        }
        Object members = groups == null ? null : groups.get(group);
        if (!Members.contains(members, sub)) {
            return false;
        }
        Object left = Members.remove(members, sub);
        if (left != null) {
            if (left != members) {
                groups.put(group, left);
            }
        } else {
            groups.remove(group);
            if (groups.isEmpty()) {
                groups = null;
            }
        }
        return true;
    }

    /**
     * Adds to {@code out} the subscriptions of every pattern below this node that matches the literal subject's
     * tokens from index {@code start} on (this node having matched the tokens before; past the end when
     * {@code start > subject.length()}). {@code key} is scratch for the literal lookups (no substrings).
     */
    void collect(String subject, int start, TokenKey key, MatchResultBuilder<S> out) {
        if (start > subject.length()) {
            collectOwn(out);
            return;
        }
        int end = subject.indexOf('.', start);
        if (end < 0) {
            end = subject.length();
        }
        if (tail != null) {
            tail.collectOwn(out);
        }
        if (anyToken != null) {
            anyToken.collect(subject, end + 1, key, out);
        }
        if (literals != null) {
            SubjectNode<S> child = literals.get(key.set(subject, start, end));
            if (child != null) {
                child.collect(subject, end + 1, key, out);
            }
        }
    }

    /** Gives every subscription of this node and the nodes below it to {@code action}. */
    void forEach(java.util.function.Consumer<? super S> action) {
        Members.forEach(plain, action);
        if (groups != null) {
            for (Object members : groups.values()) {
                Members.forEach(members, action);
            }
        }
        if (literals != null) {
            literals.forEach(child -> child.forEach(action));
        }
        if (anyToken != null) {
            anyToken.forEach(action);
        }
        if (tail != null) {
            tail.forEach(action);
        }
    }

    private void collectOwn(MatchResultBuilder<S> out) {
        if (plain != null) {
            out.addPlain(plain);
        }
        if (groups != null) {
            for (Map.Entry<String, Object> e : groups.entrySet()) {
                out.addGroup(e.getKey(), e.getValue());
            }
        }
    }

    private static boolean isAnyToken(String token) {
        return token.length() == 1 && token.charAt(0) == '*';
    }

    private static boolean isTail(String token) {
        return token.length() == 1 && token.charAt(0) == '>';
    }
}
