package io.natsspring.broker.it.tls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test OCSP responder (RFC 6960 over HTTP GET and POST) built with BouncyCastle, answering for the test CA and
 * signing with the CA's own key. Certificates are good unless marked revoked; {@link #unknown(X509Certificate)}
 * makes the responder answer "unknown".
 */
final class OcspResponder implements AutoCloseable {

    private enum Status {
        REVOKED,
        UNKNOWN
    }

    private final TestPki.Issued ca;
    private final HttpServer http;
    private final Map<BigInteger, Status> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Duration validity = Duration.ofHours(1);

    OcspResponder(TestPki.Issued ca) throws IOException {
        this.ca = ca;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.createContext("/", this::handle);
        http.start();
    }

    /** The responder URL to put into certificates. */
    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/ocsp";
    }

    /** How long after now the responses' {@code nextUpdate} is (1 h unless changed). */
    void validity(Duration validity) {
        this.validity = validity;
    }

    void revoke(X509Certificate cert) {
        statuses.put(cert.getSerialNumber(), Status.REVOKED);
    }

    void unknown(X509Certificate cert) {
        statuses.put(cert.getSerialNumber(), Status.UNKNOWN);
    }

    /** How many OCSP requests were answered. */
    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            if ("POST".equals(ex.getRequestMethod())) {
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
            } else {
                String path = ex.getRequestURI().getRawPath();
                String encoded = path.substring(path.lastIndexOf('/') + 1);
                body = Base64.getDecoder().decode(URLDecoder.decode(encoded, StandardCharsets.US_ASCII));
            }
            byte[] answer = answer(new OCSPReq(body));
            requests.incrementAndGet();
            ex.getResponseHeaders().add("Content-Type", "application/ocsp-response");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
        } catch (Exception e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    private byte[] answer(OCSPReq request) throws Exception {
        X509CertificateHolder issuer = new JcaX509CertificateHolder(ca.certificate());
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(issuer.getSubject()));
        Instant now = Instant.now();
        for (Req r : request.getRequestList()) {
            Status status = statuses.get(r.getCertID().getSerialNumber());
            CertificateStatus cs = status == null
                    ? CertificateStatus.GOOD
                    : status == Status.REVOKED
                            ? new RevokedStatus(Date.from(now.minus(Duration.ofMinutes(5))), CRLReason.keyCompromise)
                            : new UnknownStatus();
            b.addResponse(
                    r.getCertID(),
                    cs,
                    Date.from(now.minus(Duration.ofMinutes(1))),
                    Date.from(now.plus(validity)),
                    null);
        }
        BasicOCSPResp basic = b.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key()),
                new X509CertificateHolder[] {issuer},
                Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
