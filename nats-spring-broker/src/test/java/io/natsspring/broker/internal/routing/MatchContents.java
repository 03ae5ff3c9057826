package io.natsspring.broker.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies a {@link MatchResult} into collections so tests can assert on it. */
final class MatchContents {

    private MatchContents() {}

    static <S> List<S> plain(MatchResult<S> r) {
        List<S> out = new ArrayList<>();
        for (int i = 0; i < r.plainCount(); i++) {
            out.add(r.plain(i));
        }
        return out;
    }

    static <S> Map<String, List<S>> groups(MatchResult<S> r) {
        Map<String, List<S>> out = new LinkedHashMap<>();
        for (int g = 0; g < r.groupCount(); g++) {
            List<S> members = new ArrayList<>();
            for (int i = 0; i < r.groupSize(g); i++) {
                members.add(r.groupMember(g, i));
            }
            out.put(r.groupName(g), members);
        }
        return out;
    }

    static <S> List<S> all(MatchResult<S> r) {
        List<S> out = plain(r);
        groups(r).values().forEach(out::addAll);
        return out;
    }
}
