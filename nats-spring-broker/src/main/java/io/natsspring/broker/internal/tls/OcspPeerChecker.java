package io.natsspring.broker.internal.tls;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The OCSP check of a client's verified certificate chain, as {@code nats-server}'s {@code ocsp_peer}: each
 * certificate of the chain (but its root) whose Authority Information Access names an {@code http(s)} OCSP responder
 * is checked against its issuer's response — taken from the {@link OcspPeerCache} while current, else asked by
 * HTTP GET within {@code ca_timeout} — and the chain passes when every such link is good. {@code warn_only},
 * {@code unknown_is_good} and {@code allow_when_ca_unreachable} soften the verdict as {@code nats-server} does;
 * the log lines are its texts. A chain of one self-signed certificate, or without a certificate naming a
 * responder, passes unchecked.
 */
final class OcspPeerChecker {

    private static final System.Logger LOG = System.getLogger(OcspPeerChecker.class.getName());

    /** {@code nats-server}'s reason for the rejected handshake. */
    static final String REJECTED = "client not OCSP valid";

    private final OcspPeerPolicy policy;
    private final OcspStapleFetcher fetcher;
    private final OcspPeerCache cache;

    OcspPeerChecker(OcspPeerPolicy policy) {
        this.policy = policy;
        this.fetcher = new OcspStapleFetcher(policy.caTimeout());
        this.cache = new OcspPeerCache(policy.cache(), policy.preserveRevoked());
    }

    OcspPeerCache cache() {
        return cache;
    }

    /**
     * Whether the chain is OCSP valid.
     *
     * @param chain the verified chain, leaf first, up to its root when known
     */
    boolean valid(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "Peer certificate is empty, auto-rejecting");
            return false;
        }
        if (chain.size() == 1) {
            return true; // self-signed
        }
        List<X509Certificate[]> links = new ArrayList<>();
        for (int i = 0; i < chain.size() - 1; i++) {
            if (!webResponders(chain.get(i)).isEmpty()) {
                links.add(new X509Certificate[] {chain.get(i), chain.get(i + 1)});
            }
        }
        for (X509Certificate[] link : links) {
            String bad = linkGood(link[0], link[1]);
            if (bad != null) {
                LOG.log(System.Logger.Level.DEBUG, bad);
                return false;
            }
        }
        return true;
    }

    /** {@code null} when the link is good (or let through), else why not. */
    private String linkGood(X509Certificate leaf, X509Certificate issuer) {
        String key = OcspPeerCache.fingerprint(leaf);
        String subj = subject(leaf);
        Instant now = Instant.now();
        OcspStapleFetcher.Staple response = null;
        boolean cachedRevocation = false;
        OcspStapleFetcher.Staple cached = cache.get(key);
        if (cached != null) {
            if (OcspPeerCache.current(cached, policy, now)) {
                response = cached;
            } else {
                cache.delete(key);
            }
            cachedRevocation = cached.status() == OcspStapleFetcher.Status.REVOKED;
        }
        if (response == null) {
            byte[] raw;
            try {
                raw = fetcher.fetchByGet(leaf, issuer, webResponders(leaf));
            } catch (IOException e) {
                warn("Attempt to obtain OCSP response from CA responder for [" + subj + "] failed: " + e.getMessage());
                if (policy.warnOnly()) {
                    return allowWarnOnly(subj);
                }
                if (policy.allowWhenCaUnreachable() && !cachedRevocation) {
                    warn("Failed to obtain OCSP CA response for [" + subj
                            + "] but AllowWhenCAUnreachable set; no cached revocation so allowing");
                    return null;
                } else if (policy.allowWhenCaUnreachable()) {
                    warn("Failed to obtain OCSP CA response for [" + subj
                            + "] but AllowWhenCAUnreachable set; cached revocation exists so rejecting");
                }
                return "Failed OCSP response fetch";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "Failed OCSP response fetch";
            }
            try {
                response = OcspStapleFetcher.parse(raw, leaf, issuer);
            } catch (IOException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Could not parse OCSP CA response for [" + subj + "]: " + e.getMessage());
                if (policy.warnOnly()) {
                    return allowWarnOnly(subj);
                }
                return "Failed OCSP response parse";
            }
            if (!OcspPeerCache.current(response, policy, now)) {
                warn("New OCSP CA response obtained for [" + subj + "] but not current");
                if (policy.warnOnly()) {
                    return allowWarnOnly(subj);
                }
                return "OCSP response not in effectivity window";
            }
            cache.put(key, response);
        }
        boolean bad = response.status() == OcspStapleFetcher.Status.REVOKED
                || (response.status() == OcspStapleFetcher.Status.UNKNOWN && !policy.unknownIsGood());
        if (bad) {
            String status = response.status().name().toLowerCase(Locale.ROOT);
            warn("OCSP verify fail for [" + subj + "] with CA status [" + status + "]");
            if (policy.warnOnly()) {
                return allowWarnOnly(subj);
            }
            return "Invalid OCSP response status: " + status;
        }
        return null;
    }

    private static String allowWarnOnly(String subj) {
        warn("OCSP verify fail for [" + subj + "] but WarnOnly is true so allowing");
        return null;
    }

    private static void warn(String message) {
        LOG.log(System.Logger.Level.WARNING, message);
    }

    /** The certificate's OCSP responders that are absolute {@code http(s)} URLs, as Go's URL parsing keeps them. */
    static List<String> webResponders(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        for (String url : OcspStapleFetcher.responders(cert)) {
            try {
                URI u = new URI(url);
                if (u.isAbsolute() && u.getHost() != null) {
                    out.add(url);
                }
            } catch (java.net.URISyntaxException skipped) {
                // an invalid URL is skipped, as nats-server skips it
            }
        }
        return out;
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    /**
     * The verified chain of a presented one: the presented certificates, then issuers from {@code trusted} until a
     * self-signed certificate ends it.
     */
    static List<X509Certificate> verifiedChain(X509Certificate[] presented, X509Certificate[] trusted) {
        List<X509Certificate> chain = new ArrayList<>(Arrays.asList(presented));
        for (int guard = 0; guard < 10 && !selfSigned(chain.get(chain.size() - 1)); guard++) {
            X509Certificate last = chain.get(chain.size() - 1);
            X509Certificate issuer = null;
            for (X509Certificate t : trusted) {
                if (t.getSubjectX500Principal().equals(last.getIssuerX500Principal()) && signs(t, last)) {
                    issuer = t;
                    break;
                }
            }
            if (issuer == null || chain.contains(issuer)) {
                break;
            }
            chain.add(issuer);
        }
        return chain;
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signs(c, c);
    }

    private static boolean signs(X509Certificate issuer, X509Certificate cert) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
