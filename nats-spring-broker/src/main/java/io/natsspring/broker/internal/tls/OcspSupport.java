package io.natsspring.broker.internal.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Whether a server certificate is stapled, as {@code nats-server}'s {@code ocsp} setting decides it: mode
 * {@code never} staples nothing (a Must-Staple certificate is only warned about), {@code always} staples every
 * certificate and shuts the server down when it is revoked, {@code must} staples Must-Staple certificates and shuts
 * down on revocation, {@code auto} (and no {@code ocsp} setting) staples Must-Staple certificates only.
 */
final class OcspSupport {

    /** The X.509 TLS Feature extension (RFC 7633) that carries Must-Staple. */
    private static final String TLS_FEATURE_OID = "1.3.6.1.5.5.7.1.24";
    /** The {@code status_request} TLS extension number in a TLS Feature list. */
    private static final int STATUS_REQUEST = 5;

    private static final System.Logger LOG = System.getLogger(OcspSupport.class.getName());

    /**
     * What to do for one certificate.
     *
     * @param staple           whether its OCSP response is fetched and stapled
     * @param shutdownOnRevoke whether a revoked (or unknown) status refuses the start and stops a running server
     */
    record Stapling(boolean staple, boolean shutdownOnRevoke) {
        static final Stapling NONE = new Stapling(false, false);
    }

    private OcspSupport() {}

    /**
     * @param mode     {@code AUTO}, {@code ALWAYS}, {@code MUST}, {@code NEVER}, or {@code null} when not configured
     * @param leaf     the server certificate, {@code null} when not known
     * @param certFile how the certificate is named in messages
     * @throws TlsSetupException when stapling is asked for a certificate the broker can not see
     */
    static Stapling plan(String mode, X509Certificate leaf, String certFile) {
        if (leaf == null) {
            if ("ALWAYS".equals(mode)) {
                throw new TlsSetupException(
                        "ocsp",
                        "ocsp mode 'always' needs the server certificate, which the key manager factory does not"
                                + " expose; give the certificate as PEM files (cert_file, key_file)",
                        null);
            }
            return Stapling.NONE;
        }
        boolean mustStaple = mustStaple(leaf);
        if (mode == null) {
            return mustStaple ? new Stapling(true, false) : Stapling.NONE;
        }
        return switch (mode) {
            case "NEVER" -> {
                if (mustStaple) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Certificate at ''{0}'' has MustStaple but OCSP is disabled",
                            certFile);
                }
                yield Stapling.NONE;
            }
            case "ALWAYS" -> new Stapling(true, true);
            case "MUST" -> mustStaple ? new Stapling(true, true) : Stapling.NONE;
            default -> mustStaple ? new Stapling(true, false) : Stapling.NONE;
        };
    }

    /** Whether the certificate's TLS Feature extension lists {@code status_request}, as nats-server reads it. */
    static boolean mustStaple(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(TLS_FEATURE_OID);
        if (ext == null) {
            return false;
        }
        try {
            ASN1Primitive value =
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
            for (ASN1Encodable e : ASN1Sequence.getInstance(value)) {
                if (ASN1Integer.getInstance(e).intValueExact() == STATUS_REQUEST) {
                    return true;
                }
            }
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            return false; // as nats-server: an unreadable feature list asks for nothing
        }
        return false;
    }

    /** The refusal when stapling is needed but the JDK engine serves TLS. */
    static TlsSetupException needsOpenSsl(X509Certificate leaf, String why) {
        return new TlsSetupException(
                "ocsp",
                "OCSP stapling of the certificate "
                        + leaf.getSubjectX500Principal().getName() + " (ocsp mode "
                        + why.toLowerCase(Locale.ROOT) + ") needs the OpenSSL TLS engine (netty-tcnative), which "
                        + (io.netty.handler.ssl.OpenSsl.isAvailable()
                                ? "is not selected (engine JDK)"
                                : "does not load here")
                        + "; the JDK engine staples only with the JVM-wide system property"
                        + " jdk.tls.server.enableStatusRequestExtension, which the broker does not set. Use the"
                        + " OpenSSL engine, or ocsp { mode: never } to serve without stapled responses",
                null);
    }
}
