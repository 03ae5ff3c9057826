package io.natsspring.broker.internal.tls;

import java.security.cert.X509Certificate;

/**
 * What the broker does with {@code nats-server}'s {@code ocsp} and {@code ocsp_peer} settings. Stapling needs
 * OCSP responses fetched from the CA's responder and refreshed; the broker does not fetch them, so it accepts
 * exactly the configurations in which {@code nats-server} staples nothing either: mode {@code never}, and mode
 * {@code auto} (also the default when {@code ocsp} is absent) or {@code must} for certificates without the
 * Must-Staple ({@code status_request}) TLS feature. Every other combination fails at startup with an error saying
 * why, instead of serving without the stapled responses the configuration asks for. {@code ocsp_peer} verification
 * of client certificates is done by {@link OcspPeerTrustManager}.
 */
final class OcspSupport {

    /** The X.509 TLS Feature extension (RFC 7633) that carries Must-Staple. */
    private static final String TLS_FEATURE_OID = "1.3.6.1.5.5.7.1.24";

    private OcspSupport() {}

    /**
     * @param mode {@code AUTO}, {@code ALWAYS}, {@code MUST}, {@code NEVER}, or {@code null} when not configured
     * @param peer unused: peer verification is supported
     * @throws TlsSetupException for a configuration that would need stapling
     */
    static void check(String mode, boolean peer, X509Certificate leaf) {
        if (mode == null || mode.equals("NEVER")) {
            if (mode == null && leaf != null && mustStaple(leaf)) {
                throw stapling(
                        "the certificate " + leaf.getSubjectX500Principal().getName()
                                + " has the Must-Staple flag, which makes nats-server staple OCSP responses");
            }
            return;
        }
        if (mode.equals("ALWAYS")) {
            throw stapling("ocsp mode 'always' staples OCSP responses");
        }
        if (leaf != null && mustStaple(leaf)) {
            throw stapling("the certificate " + leaf.getSubjectX500Principal().getName()
                    + " has the Must-Staple flag and ocsp mode '" + mode.toLowerCase(java.util.Locale.ROOT) + "'");
        }
    }

    static boolean mustStaple(X509Certificate cert) {
        return cert.getExtensionValue(TLS_FEATURE_OID) != null;
    }

    private static TlsSetupException stapling(String why) {
        return new TlsSetupException(
                "ocsp",
                why + ", and OCSP stapling is not supported by nats-spring-broker (set ocsp { mode: never } to serve"
                        + " the certificate without stapled responses)",
                null);
    }
}
