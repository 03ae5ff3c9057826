package io.natsspring.broker.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TEMPORARY STUB (replaced by the routing branch). */
public final class MatchResult<S extends RoutedSubscription> {
    private final List<S> plain = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<List<S>> groups = new ArrayList<>();

    MatchResult(List<S> all) {
        Map<String, List<S>> g = new LinkedHashMap<>();
        for (S s : all) {
            if (s.queueGroup() == null) {
                plain.add(s);
            } else {
                g.computeIfAbsent(s.queueGroup(), k -> new ArrayList<>()).add(s);
            }
        }
        g.forEach((k, v) -> { names.add(k); groups.add(v); });
    }

    public boolean isEmpty() { return plain.isEmpty() && groups.isEmpty(); }
    public int plainCount() { return plain.size(); }
    public S plain(int i) { return plain.get(i); }
    public int groupCount() { return groups.size(); }
    public int groupSize(int g) { return groups.get(g).size(); }
    public S groupMember(int g, int i) { return groups.get(g).get(i); }
    public String groupName(int g) { return names.get(g); }
}
