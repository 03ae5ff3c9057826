package io.natsspring.broker.internal.routing;

/**
 * Subject naming rules (ADR-6) and single-pattern matching. Tokens are separated by {@code .}; a token may not
 * be empty or contain whitespace; {@code *} matches one token and {@code >} one or more trailing tokens.
 */
public final class Subjects {

    private Subjects() {}

    /** True for a subject a client may publish to: well formed and without wildcards. */
    public static boolean isValidPublishSubject(CharSequence subject) {
        return check(subject, false);
    }

    /** True for a subject a client may subscribe to: well formed, wildcards only as whole tokens, {@code >} last. */
    public static boolean isValidSubscribeSubject(CharSequence subject) {
        return check(subject, true);
    }

    /** True when the subject contains a wildcard token. */
    public static boolean hasWildcard(CharSequence subject) {
        int len = subject.length();
        for (int i = 0; i < len; i++) {
            char c = subject.charAt(i);
            if ((c == '*' || c == '>')
                    && (i == 0 || subject.charAt(i - 1) == '.')
                    && (i + 1 == len || subject.charAt(i + 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    private static boolean check(CharSequence s, boolean wildcardsAllowed) {
        int len = s.length();
        if (len == 0) {
            return false;
        }
        int tokenStart = 0;
        for (int i = 0; i <= len; i++) {
            if (i == len || s.charAt(i) == '.') {
                int tokenLen = i - tokenStart;
                if (tokenLen == 0) {
                    return false;
                }
                if (tokenLen == 1) {
                    char c = s.charAt(tokenStart);
                    if (c == '*' || c == '>') {
                        if (!wildcardsAllowed || (c == '>' && i != len)) {
                            return false;
                        }
                    }
                }
                tokenStart = i + 1;
            } else {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * True when the literal {@code subject} is matched by {@code pattern} (which may hold wildcards).
     * Both are assumed valid.
     */
    public static boolean matches(String pattern, String subject) {
        int pi = 0;
        int si = 0;
        int pl = pattern.length();
        int sl = subject.length();
        while (pi < pl) {
            if (si >= sl) {
                return false;
            }
            int pEnd = pattern.indexOf('.', pi);
            if (pEnd < 0) {
                pEnd = pl;
            }
            int sEnd = subject.indexOf('.', si);
            if (sEnd < 0) {
                sEnd = sl;
            }
            int pTokLen = pEnd - pi;
            if (pTokLen == 1 && pattern.charAt(pi) == '>') {
                return true;
            }
            if (!(pTokLen == 1 && pattern.charAt(pi) == '*')
                    && !pattern.regionMatches(pi, subject, si, Math.max(pTokLen, sEnd - si))) {
                return false;
            }
            pi = pEnd + 1;
            si = sEnd + 1;
        }
        return si > sl;
    }

    /**
     * True when some literal subject could be matched by both patterns (used for overlap checks, e.g. between
     * stream subjects). Both are assumed valid.
     */
    public static boolean overlaps(String a, String b) {
        String[] ta = a.split("\\.", -1);
        String[] tb = b.split("\\.", -1);
        int n = Math.min(ta.length, tb.length);
        for (int i = 0; i < n; i++) {
            String x = ta[i];
            String y = tb[i];
            if (x.equals(">") || y.equals(">")) {
                return true;
            }
            if (!x.equals("*") && !y.equals("*") && !x.equals(y)) {
                return false;
            }
        }
        return ta.length == tb.length;
    }

    /**
     * True when every subject matched by {@code inner} is also matched by {@code outer} ({@code outer} is a
     * superset). Both are assumed valid.
     */
    public static boolean isSubsetOf(String inner, String outer) {
        String[] ti = inner.split("\\.", -1);
        String[] to = outer.split("\\.", -1);
        for (int i = 0; i < to.length; i++) {
            String o = to[i];
            if (o.equals(">")) {
                return ti.length > i;
            }
            if (i >= ti.length) {
                return false;
            }
            String t = ti[i];
            if (t.equals(">")) {
                return false;
            }
            if (!o.equals("*") && (t.equals("*") || !o.equals(t))) {
                return false;
            }
        }
        return ti.length == to.length;
    }
}
