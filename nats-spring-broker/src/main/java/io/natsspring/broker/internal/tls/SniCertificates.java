package io.natsspring.broker.internal.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code certs: [...]}: picks the server context for the host name a client sends in SNI, as Go's TLS stack does
 * for {@code nats-server}: the first certificate whose DNS (or IP) subject alternative names match the name (a
 * {@code *.} name matches one label), the first certificate when none matches or the client sent no SNI.
 */
final class SniCertificates implements Mapping<String, SslContext> {

    private record Entry(List<String> names, SslContext context) {}

    private final List<Entry> entries = new ArrayList<>();

    void add(X509Certificate leaf, SslContext context) {
        entries.add(new Entry(names(leaf), context));
    }

    SslContext first() {
        return entries.get(0).context();
    }

    @Override
    public SslContext map(String hostname) {
        if (hostname != null) {
            String host = hostname.toLowerCase(Locale.ROOT);
            for (Entry e : entries) {
                for (String name : e.names()) {
                    if (matches(name, host)) {
                        return e.context();
                    }
                }
            }
        }
        return first();
    }

    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static List<String> names(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type))
                            && san.get(1) instanceof String s) {
                        names.add(s.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate without readable names is only chosen as the default
        }
        return names;
    }
}
