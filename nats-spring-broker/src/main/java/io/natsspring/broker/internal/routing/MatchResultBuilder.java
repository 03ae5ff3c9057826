package io.natsspring.broker.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the subscriptions of the tree nodes visited by one match, merging queue groups by name. The common
 * miss (one node with plain subscriptions, e.g. a request's reply inbox) takes that node's subscriptions as one
 * array, without an intermediate list.
 */
final class MatchResultBuilder<S> {

    private static final Object[] NONE = new Object[0];
    private static final String[] NO_NAMES = new String[0];
    private static final Object[][] NO_MEMBERS = new Object[0][];

    /** The plain subscriptions of the first node that had some, until a second node adds more. */
    private Object[] firstPlain = NONE;

    private List<Object> morePlain;
    private Map<String, List<S>> groups;

    /** Adds the subscriptions held as {@link Members}. */
    void addPlain(Object members) {
        if (members == null) {
            return;
        }
        if (firstPlain.length == 0 && morePlain == null) {
            firstPlain = Members.toArray(members);
            return;
        }
        if (morePlain == null) {
            morePlain = new ArrayList<>(firstPlain.length + 4);
            morePlain.addAll(java.util.Arrays.asList(firstPlain));
        }
        Members.addTo(members, morePlain);
    }

    /** Adds the members (held as {@link Members}) of queue group {@code name}. */
    void addGroup(String name, Object members) {
        if (groups == null) {
            groups = new LinkedHashMap<>();
        }
        Members.addTo(members, groups.computeIfAbsent(name, n -> new ArrayList<>()));
    }

    MatchResult<S> build() {
        Object[] plainArray = morePlain == null ? firstPlain : morePlain.toArray();
        if (groups == null) {
            return MatchResult.of(plainArray, NO_NAMES, NO_MEMBERS);
        }
        String[] names = new String[groups.size()];
        Object[][] members = new Object[names.length][];
        int g = 0;
        for (Map.Entry<String, List<S>> e : groups.entrySet()) {
            names[g] = e.getKey();
            members[g] = e.getValue().toArray();
            g++;
        }
        return MatchResult.of(plainArray, names, members);
    }
}
