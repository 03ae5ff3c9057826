package io.natsspring.broker.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the subscriptions of the tree nodes visited by one match, merging queue groups by name. */
final class MatchResultBuilder<S> {

    private final List<S> plain = new ArrayList<>();
    private Map<String, List<S>> groups;

    /** Adds the subscriptions held as {@link Members}. */
    void addPlain(Object members) {
        Members.addTo(members, plain);
    }

    /** Adds the members (held as {@link Members}) of queue group {@code name}. */
    void addGroup(String name, Object members) {
        if (groups == null) {
            groups = new LinkedHashMap<>();
        }
        Members.addTo(members, groups.computeIfAbsent(name, n -> new ArrayList<>()));
    }

    MatchResult<S> build() {
        Object[] plainArray = plain.toArray();
        if (groups == null) {
            return MatchResult.of(plainArray, new String[0], new Object[0][]);
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
