package io.natsspring.broker.internal.store;

import io.natsspring.broker.internal.routing.Subjects;
import java.util.Collection;

/** One or several subject filters, pre-classified so the common "all" and literal cases are cheap. */
final class SubjectFilter {

    private static final SubjectFilter ALL = new SubjectFilter(new String[0], true);

    private final String[] patterns;
    private final boolean all;

    private SubjectFilter(String[] patterns, boolean all) {
        this.patterns = patterns;
        this.all = all;
    }

    static SubjectFilter of(String filter) {
        if (filter == null || filter.isEmpty() || filter.equals(">")) {
            return ALL;
        }
        return new SubjectFilter(new String[] {filter}, false);
    }

    static SubjectFilter of(Collection<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return ALL;
        }
        for (String f : filters) {
            if (f == null || f.isEmpty() || f.equals(">")) {
                return ALL;
            }
        }
        return new SubjectFilter(filters.toArray(new String[0]), false);
    }

    boolean isAll() {
        return all;
    }

    /** The single literal subject this filter denotes, or {@code null}. */
    String literal() {
        return !all && patterns.length == 1 && !Subjects.hasWildcard(patterns[0]) ? patterns[0] : null;
    }

    /** True when every pattern is literal (then {@link #literals()} lists exactly the matched subjects). */
    boolean allLiteral() {
        if (all) {
            return false;
        }
        for (String p : patterns) {
            if (Subjects.hasWildcard(p)) {
                return false;
            }
        }
        return true;
    }

    String[] literals() {
        return patterns;
    }

    boolean matches(String subject) {
        if (all) {
            return true;
        }
        for (String p : patterns) {
            if (Subjects.matches(p, subject)) {
                return true;
            }
        }
        return false;
    }
}
