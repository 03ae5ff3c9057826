package io.natsspring.broker.internal.routing;

/**
 * One token of a literal subject ({@code subject[start, end)}) as a lookup key for a map keyed by token Strings,
 * so a match needs no substring per token. {@link java.util.Map#get} compares with {@code key.equals(k)}, which
 * this class answers for String keys; it must never be stored as a key itself. Mutable: reused token by token.
 */
final class TokenKey {

    private String subject;
    private int start;
    private int end;
    private int hash;

    /** Points the key at {@code subject[start, end)}; returns it. */
    TokenKey set(String subject, int start, int end) {
        this.subject = subject;
        this.start = start;
        this.end = end;
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + subject.charAt(i);
        }
        hash = h;
        return this;
    }

    /** {@link String#hashCode()} of the token. */
    @Override
    public int hashCode() {
        return hash;
    }

    /** True for a String equal to the token. */
    @Override
    public boolean equals(Object o) {
        return o instanceof String s && s.length() == end - start && subject.regionMatches(start, s, 0, end - start);
    }

    @Override
    public String toString() {
        return subject.substring(start, end);
    }
}
