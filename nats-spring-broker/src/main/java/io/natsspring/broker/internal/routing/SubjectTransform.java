package io.natsspring.broker.internal.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a subject matching a source pattern into a destination pattern, as {@code nats-server}'s subject
 * mappings and import remapping do: the source's wildcard tokens ({@code *} one token, {@code >} the rest) are
 * numbered from 1; in the destination {@code $N} or {@code {{wildcard(N)}}} takes the N-th of them, and a bare
 * {@code *} or {@code >} takes the next one in order. Immutable.
 */
public final class SubjectTransform {

    private final String[] source;
    private final String sourcePattern;
    private final List<Object> destination;

    private SubjectTransform(String[] source, List<Object> destination) {
        this.source = source;
        this.sourcePattern = String.join(".", source);
        this.destination = destination;
    }

    /**
     * @throws IllegalArgumentException for a destination that uses a wildcard the source does not have or a
     *                                  function this broker does not support
     */
    public static SubjectTransform of(String sourcePattern, String destinationPattern) {
        String[] src = sourcePattern.split("\\.", -1);
        int wildcards = 0;
        for (String t : src) {
            if (t.equals("*") || t.equals(">")) {
                wildcards++;
            }
        }
        List<Object> dst = new ArrayList<>();
        int next = 1;
        for (String t : destinationPattern.split("\\.", -1)) {
            Integer ref = null;
            if (t.equals("*") || t.equals(">")) {
                ref = next++;
            } else if (t.matches("\\$\\d+")) {
                ref = Integer.parseInt(t.substring(1));
            } else if (t.matches("\\{\\{\\s*wildcard\\s*\\(\\s*\\d+\\s*\\)\\s*}}")) {
                ref = Integer.parseInt(t.replaceAll("\\D", ""));
            } else if (t.contains("{{")) {
                throw new IllegalArgumentException("subject mapping function not supported yet in '"
                        + destinationPattern + "' (only {{wildcard(N)}} and $N are)");
            }
            if (ref != null) {
                if (ref < 1 || ref > wildcards) {
                    throw new IllegalArgumentException("invalid subject mapping destination '" + destinationPattern
                            + "': no wildcard " + ref + " in '" + sourcePattern + "'");
                }
                dst.add(ref);
            } else {
                dst.add(t);
            }
        }
        return new SubjectTransform(src, List.copyOf(dst));
    }

    /** The rewritten subject; {@code subject} must match the source pattern. */
    public String apply(String subject) {
        String[] tokens = subject.split("\\.", -1);
        List<String> captured = new ArrayList<>(4);
        for (int i = 0; i < source.length && i < tokens.length; i++) {
            if (source[i].equals("*")) {
                captured.add(tokens[i]);
            } else if (source[i].equals(">")) {
                captured.add(String.join(".", java.util.Arrays.asList(tokens).subList(i, tokens.length)));
                break;
            }
        }
        StringBuilder out = new StringBuilder(subject.length() + 16);
        for (Object part : destination) {
            if (out.length() > 0) {
                out.append('.');
            }
            if (part instanceof Integer ref) {
                out.append(captured.get(ref - 1));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** The source pattern. */
    public String sourcePattern() {
        return sourcePattern;
    }

    /** The rewritten subject when {@code subject} matches the source pattern, otherwise {@code null}. */
    public String applyIfMatches(String subject) {
        return Subjects.matches(sourcePattern, subject) ? apply(subject) : null;
    }
}
