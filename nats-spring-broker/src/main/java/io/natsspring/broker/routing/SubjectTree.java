package io.natsspring.broker.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** TEMPORARY STUB (replaced by the routing branch). */
public final class SubjectTree<S extends RoutedSubscription> {
    private final List<S> subs = new CopyOnWriteArrayList<>();

    public void insert(S sub) { if (!subs.contains(sub)) subs.add(sub); }
    public boolean remove(S sub) { return subs.remove(sub); }
    public void removeAll(Collection<? extends S> all) { subs.removeAll(all); }
    public int size() { return subs.size(); }
    public MatchResult<S> match(String subject) {
        List<S> r = new ArrayList<>();
        for (S s : subs) if (Subjects.matches(s.subject(), subject)) r.add(s);
        return new MatchResult<>(r);
    }
    public MatchResult<S> match(byte[] b, int off, int len) {
        return match(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }
    public boolean hasInterest(String subject) { return !match(subject).isEmpty(); }
}
