package io.natsspring.broker.internal.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OCSP responses {@code ocsp_peer} got for client certificates, as {@code nats-server}'s {@code ocsp_cache}
 * of type {@code local}: keyed by the SHA-256 fingerprint of the certificate, a current response is used instead of
 * asking the responder again; a response that is no longer current is dropped (kept when it says revoked and
 * {@code preserve_revoked} is set). Held in memory, at most {@link #MAX_ENTRIES} responses (the oldest go first).
 * Thread-safe.
 */
final class OcspPeerCache {

    /** Bound of the cache. */
    static final int MAX_ENTRIES = 10_000;

    private final boolean enabled;
    private final boolean preserveRevoked;
    private final Map<String, OcspStapleFetcher.Staple> entries = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OcspStapleFetcher.Staple> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    OcspPeerCache(boolean enabled, boolean preserveRevoked) {
        this.enabled = enabled;
        this.preserveRevoked = preserveRevoked;
    }

    /** {@code nats-server}'s fingerprint of a certificate: base64 of the SHA-256 of its DER form. */
    static String fingerprint(X509Certificate cert) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("can not fingerprint a certificate", e);
        }
    }

    /** The cached response, or {@code null}. */
    synchronized OcspStapleFetcher.Staple get(String key) {
        return enabled ? entries.get(key) : null;
    }

    synchronized void put(String key, OcspStapleFetcher.Staple response) {
        if (enabled) {
            entries.remove(key);
            entries.put(key, response);
        }
    }

    /** Drops a response that is no longer current, unless it is a revocation to preserve. */
    synchronized void delete(String key) {
        OcspStapleFetcher.Staple cached = entries.get(key);
        if (cached != null && !(cached.status() == OcspStapleFetcher.Status.REVOKED && preserveRevoked)) {
            entries.remove(key);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Whether a response is current, as {@code nats-server}'s {@code OCSPResponseCurrent}. */
    static boolean current(OcspStapleFetcher.Staple r, OcspPeerPolicy policy, java.time.Instant now) {
        Duration skew = policy.clockSkew();
        if (r.nextUpdate() != null && r.nextUpdate().isBefore(now.minus(skew))) {
            return false;
        }
        if (r.nextUpdate() == null
                && r.thisUpdate().plus(policy.ttlUnsetNextUpdate()).isBefore(now.minus(skew))) {
            return false;
        }
        return !r.thisUpdate().isAfter(now.plus(skew));
    }
}
