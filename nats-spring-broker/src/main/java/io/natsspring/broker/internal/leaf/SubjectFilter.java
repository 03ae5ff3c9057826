package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.routing.Subjects;
import java.util.List;

/** Subjects a link must not carry in one direction ({@code deny_imports}, {@code deny_exports}, JetStream's). */
final class SubjectFilter {

    static final SubjectFilter NONE = new SubjectFilter(List.of());

    private final List<String> patterns;

    SubjectFilter(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    SubjectFilter plus(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        java.util.ArrayList<String> all = new java.util.ArrayList<>(patterns);
        all.addAll(more);
        return new SubjectFilter(all);
    }

    /** Whether a message on the literal {@code subject} is denied. */
    boolean deniesMessage(String subject) {
        for (String p : patterns) {
            if (Subjects.matches(p, subject)) {
                return true;
            }
        }
        return false;
    }

    /** Whether interest in {@code subject} (may hold wildcards) is denied: a deny pattern covers all of it. */
    boolean deniesInterest(String subject) {
        for (String p : patterns) {
            if (Subjects.isSubsetOf(subject, p)) {
                return true;
            }
        }
        return false;
    }

    List<String> patterns() {
        return patterns;
    }
}
