package io.natsspring.broker.internal.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * {@code verify_and_map}: finds the configured user a client certificate names, in {@code nats-server}'s order —
 * a SAN e-mail address, a SAN DNS name, a SAN URI, then the subject as a distinguished name (RFC 2253, the
 * attributes in the same order, then in any order), then the subject's RFC 2253 string.
 */
public final class CertificateUserMapping {

    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    /** Attribute names {@code nats-server}'s DN parser knows beyond the JDK's RFC 2253 keywords. */
    private static final Map<String, String> EXTRA_KEYWORDS =
            Map.of("2.5.4.5", "SERIALNUMBER", "2.5.4.17", "POSTALCODE");

    private CertificateUserMapping() {}

    /** The name of the configured user {@code certificate} maps to, if any. */
    public static Optional<String> user(X509Certificate certificate, Set<String> users) {
        if (certificate == null) {
            return Optional.empty();
        }
        for (int type : new int[] {SAN_EMAIL, SAN_DNS, SAN_URI}) {
            for (String name : alternativeNames(certificate, type)) {
                if (users.contains(name)) {
                    return Optional.of(name);
                }
            }
        }
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253, EXTRA_KEYWORDS);
        List<Rdn> certRdns = rdns(subject);
        if (certRdns != null) {
            List<String> candidates = new ArrayList<>();
            for (String user : users) {
                List<Rdn> userRdns = rdns(user);
                if (userRdns == null) {
                    continue;
                }
                if (sameInOrder(userRdns, certRdns)) {
                    return Optional.of(user);
                }
                candidates.add(user);
            }
            for (String user : candidates) {
                if (sameInAnyOrder(rdns(user), certRdns)) {
                    return Optional.of(user);
                }
            }
        }
        return users.contains(subject) ? Optional.of(subject) : Optional.empty();
    }

    private static List<String> alternativeNames(X509Certificate certificate, int type) {
        List<String> r = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    if (n.size() >= 2 && n.get(0) instanceof Integer t && t == type && n.get(1) instanceof String s) {
                        r.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return r;
        }
        return r;
    }

    private static List<Rdn> rdns(String dn) {
        if (dn == null || dn.isEmpty() || dn.indexOf('=') < 0) {
            return null;
        }
        try {
            return new LdapName(dn).getRdns();
        } catch (InvalidNameException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean sameInOrder(List<Rdn> a, List<Rdn> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameInAnyOrder(List<Rdn> a, List<Rdn> b) {
        if (a.size() != b.size()) {
            return false;
        }
        List<Rdn> left = new ArrayList<>(b);
        for (Rdn r : a) {
            boolean found = false;
            for (int i = 0; i < left.size(); i++) {
                if (same(r, left.get(i))) {
                    left.remove(i);
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Attribute types compare without case, values exactly, as in {@code nats-server}'s DN matching. */
    private static boolean same(Rdn a, Rdn b) {
        return a.getType().toUpperCase(Locale.ROOT).equals(b.getType().toUpperCase(Locale.ROOT))
                && String.valueOf(a.getValue()).equals(String.valueOf(b.getValue()));
    }
}
