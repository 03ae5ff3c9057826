package io.natsspring.broker.internal.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Fetches the OCSP response for the server certificate that {@code ocsp} stapling serves: asks the responder named
 * by {@code ocsp { url }} or else by the certificate's Authority Information Access (HTTP POST, RFC 6960 appendix A)
 * and reads the certificate's status and validity window from the answer. The response's signature is not checked
 * here: the client that receives the staple checks it, as {@code nats-server} leaves it to the clients.
 */
public final class OcspStapleFetcher {

    /** The status of the server certificate in an OCSP response. */
    public enum Status {
        GOOD,
        REVOKED,
        UNKNOWN
    }

    /**
     * One fetched response.
     *
     * @param encoded    the DER {@code OCSPResponse} to staple
     * @param status     the certificate's status in it
     * @param thisUpdate when the responder produced the status
     * @param nextUpdate when newer information will be available ({@code null}: not given)
     */
    public record Staple(byte[] encoded, Status status, Instant thisUpdate, Instant nextUpdate) {

        public Staple {
            Objects.requireNonNull(encoded, "encoded");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(thisUpdate, "thisUpdate");
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout the longest a responder may take to answer */
    public OcspStapleFetcher(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The OCSP responder URLs of a certificate's Authority Information Access extension, in their order.
     */
    public static List<String> responders(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        List<String> urls = new ArrayList<>();
        if (ext == null) {
            return urls;
        }
        AuthorityInformationAccess aia;
        try {
            aia = AuthorityInformationAccess.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
        } catch (IOException | IllegalArgumentException e) {
            return urls; // an unreadable extension names no responder
        }
        for (AccessDescription d : aia.getAccessDescriptions()) {
            GeneralName name = d.getAccessLocation();
            if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                    && name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                urls.add(name.getName().toString());
            }
        }
        return urls;
    }

    /**
     * Asks {@code responder} for the status of {@code leaf}, issued by {@code issuer}.
     *
     * @throws IOException naming the responder when it can not be reached, answers with an HTTP error, with a
     *                     non-successful OCSP status, or without a status for the certificate
     */
    public Staple fetch(X509Certificate leaf, X509Certificate issuer, String responder)
            throws IOException, InterruptedException {
        byte[] request;
        CertificateID id;
        try {
            id = new CertificateID(
                    new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer),
                    leaf.getSerialNumber());
            request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | OCSPException e) {
            throw new IOException("can not build the OCSP request: " + e.getMessage(), e);
        }
        HttpResponse<byte[]> answer = http.send(
                HttpRequest.newBuilder(URI.create(responder))
                        .timeout(timeout)
                        .header("Content-Type", "application/ocsp-request")
                        .header("Accept", "application/ocsp-response")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException("OCSP responder " + responder + " answered HTTP " + answer.statusCode());
        }
        return parse(answer.body(), id.getSerialNumber(), responder);
    }

    private static Staple parse(byte[] der, BigInteger serial, String responder) throws IOException {
        OCSPResp resp = new OCSPResp(der);
        if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new IOException("OCSP responder " + responder + " answered status " + resp.getStatus());
        }
        BasicOCSPResp basic;
        try {
            basic = (BasicOCSPResp) resp.getResponseObject();
        } catch (OCSPException | ClassCastException e) {
            throw new IOException("OCSP responder " + responder + " sent an unreadable response", e);
        }
        if (basic != null) {
            for (SingleResp single : basic.getResponses()) {
                if (!single.getCertID().getSerialNumber().equals(serial)) {
                    continue;
                }
                CertificateStatus cs = single.getCertStatus();
                Status status = cs == CertificateStatus.GOOD
                        ? Status.GOOD
                        : cs instanceof RevokedStatus ? Status.REVOKED : Status.UNKNOWN;
                return new Staple(
                        der,
                        status,
                        single.getThisUpdate().toInstant(),
                        single.getNextUpdate() == null
                                ? null
                                : single.getNextUpdate().toInstant());
            }
        }
        throw new IOException("OCSP responder " + responder + " sent no status for certificate serial " + serial);
    }
}
