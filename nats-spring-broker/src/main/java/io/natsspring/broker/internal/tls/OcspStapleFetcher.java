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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
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
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Fetches the OCSP response for the server certificate that {@code ocsp} stapling serves, as {@code nats-server}'s
 * OCSP monitor does: asks each responder of {@code ocsp { url, urls }} or else of the certificate's Authority
 * Information Access in turn, by HTTP POST and then by GET (RFC 6960 appendix A), until one answers; checks the
 * response's signature against the issuer (or a delegate the issuer signed) and its validity window, and reads the
 * certificate's status. Error texts are {@code nats-server}'s.
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
     * Asks the responders in turn (POST, then GET) for the status of {@code leaf}, issued by {@code issuer}.
     *
     * @throws IOException with {@code nats-server}'s text when no responder is given, none answers, or the answer
     *                     is not a valid, current response for the certificate signed by its issuer
     */
    public Staple fetch(X509Certificate leaf, X509Certificate issuer, List<String> responders)
            throws IOException, InterruptedException {
        if (responders.isEmpty()) {
            throw new IOException("no available ocsp servers");
        }
        CertificateID id;
        byte[] request;
        try {
            id = new CertificateID(
                    new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer),
                    leaf.getSerialNumber());
            request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | OCSPException e) {
            throw new IOException("can not build the OCSP request: " + e.getMessage(), e);
        }
        List<String> errors = new ArrayList<>();
        byte[] der = null;
        for (String url : responders) {
            String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            try {
                der = post(u, request);
                break;
            } catch (IOException post) {
                try {
                    der = get(u, request);
                    break;
                } catch (IOException get) {
                    errors.add(post.getMessage());
                    errors.add(get.getMessage());
                }
            }
        }
        if (der == null) {
            throw new IOException("exhausted ocsp servers: " + String.join("\n", errors));
        }
        Staple staple;
        try {
            staple = parse(der, id.getSerialNumber(), issuer);
        } catch (IOException e) {
            throw new IOException("failed to get remote status: " + e.getMessage(), e);
        }
        checkValidity(staple, Instant.now());
        return staple;
    }

    /** As {@link #fetch(X509Certificate, X509Certificate, List)} with one responder. */
    public Staple fetch(X509Certificate leaf, X509Certificate issuer, String responder)
            throws IOException, InterruptedException {
        return fetch(leaf, issuer, List.of(responder));
    }

    /**
     * Checks the time window as {@code nats-server} does before using a response.
     *
     * @throws IOException when {@code nextUpdate} is past or {@code thisUpdate} in the future
     */
    public static void checkValidity(Staple staple, Instant now) throws IOException {
        if (staple.nextUpdate() != null && staple.nextUpdate().isBefore(now)) {
            throw new IOException("invalid ocsp NextUpdate, is past time: "
                    + DateTimeFormatter.ISO_INSTANT.format(staple.nextUpdate()));
        }
        if (staple.thisUpdate().isAfter(now)) {
            throw new IOException("invalid ocsp ThisUpdate, is future time: "
                    + DateTimeFormatter.ISO_INSTANT.format(staple.thisUpdate()));
        }
    }

    private byte[] post(String url, byte[] request) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .header("Content-Type", "application/ocsp-request")
                            .header("Accept", "application/ocsp-response")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid ocsp server url " + url + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("Post \"" + url + "\": " + describe(e), e);
        }
        if (answer.statusCode() > 299) {
            throw new IOException(
                    "non-ok http status on POST request (reqlen=" + request.length + "): " + answer.statusCode());
        }
        return answer.body();
    }

    private byte[] get(String url, byte[] request) throws IOException, InterruptedException {
        String encoded = Base64.getEncoder().encodeToString(request);
        String u = url + "/" + encoded;
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(
                    HttpRequest.newBuilder(URI.create(u)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid ocsp server url " + u + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("Get \"" + u + "\": " + describe(e), e);
        }
        if (answer.statusCode() > 299) {
            throw new IOException(
                    "non-ok http status on GET request (reqlen=" + encoded.length() + "): " + answer.statusCode());
        }
        return answer.body();
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * As {@code nats-server}'s OCSP peer check asks: one HTTP GET per responder ({@code <url>/<url-escaped
     * base64 request>}), the first that answers {@code 200} wins; the raw answer is not parsed.
     *
     * @throws IOException when no responder answers
     */
    byte[] fetchByGet(X509Certificate leaf, X509Certificate issuer, List<String> responders)
            throws IOException, InterruptedException {
        byte[] request;
        try {
            request = new OCSPReqBuilder()
                    .addRequest(new CertificateID(
                            new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                            new JcaX509CertificateHolder(issuer),
                            leaf.getSerialNumber()))
                    .build()
                    .getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | OCSPException e) {
            throw new IOException("can not build the OCSP request: " + e.getMessage(), e);
        }
        String encoded = java.net.URLEncoder.encode(
                Base64.getEncoder().encodeToString(request), java.nio.charset.StandardCharsets.US_ASCII);
        IOException last = new IOException("no available ocsp servers");
        for (String url : responders) {
            String u = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/" + encoded;
            try {
                HttpResponse<byte[]> answer = http.send(
                        HttpRequest.newBuilder(URI.create(u))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() != 200) {
                    last = new IOException("bad OCSP responder http status: [" + answer.statusCode() + "]");
                    continue;
                }
                return answer.body();
            } catch (IllegalArgumentException e) {
                last = new IOException("invalid ocsp server url " + u + ": " + e.getMessage(), e);
            } catch (IOException e) {
                last = new IOException("Get \"" + u + "\": " + describe(e), e);
            }
        }
        throw new IOException("exhausted ocsp servers: " + last.getMessage(), last);
    }

    /** Parses a DER response for {@code leaf} and checks its signature (issuer or a delegate it signed). */
    static Staple parse(byte[] der, X509Certificate leaf, X509Certificate issuer) throws IOException {
        return parse(der, leaf.getSerialNumber(), issuer);
    }

    private static Staple parse(byte[] der, BigInteger serial, X509Certificate issuer) throws IOException {
        OCSPResp resp = new OCSPResp(der);
        if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new IOException("ocsp: error from server: " + responseStatus(resp.getStatus()));
        }
        BasicOCSPResp basic;
        try {
            basic = (BasicOCSPResp) resp.getResponseObject();
        } catch (OCSPException | ClassCastException e) {
            throw new IOException("ocsp: unreadable response", e);
        }
        if (basic == null) {
            throw new IOException("ocsp: no response");
        }
        verifySignature(basic, issuer);
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
        throw new IOException("ocsp: no response matching the supplied certificate (serial " + serial + ")");
    }

    /** The response is signed by the issuer, or by a certificate it carries that the issuer signed. */
    private static void verifySignature(BasicOCSPResp basic, X509Certificate issuer) throws IOException {
        try {
            X509Certificate signer = issuer;
            X509CertificateHolder[] carried = basic.getCerts();
            if (carried != null && carried.length > 0) {
                X509Certificate delegate = new JcaX509CertificateConverter().getCertificate(carried[0]);
                if (!delegate.equals(issuer)) {
                    delegate.verify(issuer.getPublicKey());
                    List<String> usages = delegate.getExtendedKeyUsage();
                    if (usages == null || !usages.contains("1.3.6.1.5.5.7.3.9")) {
                        throw new IOException(
                                "ocsp: the response is signed by a certificate not authorized as OCSP signer");
                    }
                    signer = delegate;
                }
            }
            if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer.getPublicKey()))) {
                throw new IOException("ocsp: bad signature on embedded certificate");
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("ocsp: bad signature on embedded certificate: " + e.getMessage(), e);
        }
    }

    private static String responseStatus(int status) {
        return switch (status) {
            case OCSPResp.MALFORMED_REQUEST -> "malformed";
            case OCSPResp.INTERNAL_ERROR -> "internal error";
            case OCSPResp.TRY_LATER -> "try later";
            case OCSPResp.SIG_REQUIRED -> "signature required";
            case OCSPResp.UNAUTHORIZED -> "unauthorized";
            default -> "unknown OCSP response status: " + status;
        };
    }
}
