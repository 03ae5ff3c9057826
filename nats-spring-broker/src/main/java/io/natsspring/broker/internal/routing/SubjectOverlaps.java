package io.natsspring.broker.internal.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Overlap checks between lists of subscribe subjects that cost O(n + w·n) instead of O(n²): two literal subjects
 * overlap only when they are equal (a hash lookup), so only pairs with a wildcard subject are compared one by one.
 * A stream with 10,000 literal subjects is checked in linear time.
 */
public final class SubjectOverlaps {

    private SubjectOverlaps() {}

    /** True when some subject of {@code subjects} overlaps some subject of {@code others}. */
    public static boolean anyOverlap(Collection<String> subjects, Collection<String> others) {
        Set<String> otherLiterals = new HashSet<>();
        List<String> otherWildcards = new ArrayList<>();
        for (String o : others) {
            if (Subjects.hasWildcard(o)) {
                otherWildcards.add(o);
            } else {
                otherLiterals.add(o);
            }
        }
        for (String s : subjects) {
            if (Subjects.hasWildcard(s)) {
                for (String o : others) {
                    if (Subjects.overlaps(s, o)) {
                        return true;
                    }
                }
            } else {
                if (otherLiterals.contains(s)) {
                    return true;
                }
                for (String w : otherWildcards) {
                    if (Subjects.overlaps(s, w)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * True when two different entries of {@code subjects} overlap; equal entries are not compared with each other
     * (duplicates are checked separately).
     */
    public static boolean anyOverlapWithin(List<String> subjects) {
        for (String w : subjects) {
            if (Subjects.hasWildcard(w)) {
                for (String t : subjects) {
                    if (!w.equals(t) && Subjects.overlaps(w, t)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
