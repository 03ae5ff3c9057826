package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.internal.tls.OcspStapleFetcher;
import io.natsspring.broker.internal.tls.OcspStapleFetcher.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The OCSP response for a certificate, fetched from the BouncyCastle test responder, as stapling will serve it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OcspStapleFetcherTest {

    @TempDir
    Path dir;

    private final OcspStapleFetcher fetcher = new OcspStapleFetcher(Duration.ofSeconds(5));

    @Test
    void aGoodCertificateGetsAGoodResponseWithItsValidityWindow() throws Exception {
        TestPki pki = new TestPki(dir);
        try (OcspResponder responder = new OcspResponder(pki.ca())) {
            TestPki.Issued cert = pki.clientWithOcsp("srv", "CN=srv", responder.url());
            assertThat(OcspStapleFetcher.responders(cert.certificate())).containsExactly(responder.url());

            OcspStapleFetcher.Staple staple = fetcher.fetch(
                    cert.certificate(),
                    pki.ca().certificate(),
                    OcspStapleFetcher.responders(cert.certificate()).get(0));

            assertThat(staple.status()).isEqualTo(Status.GOOD);
            assertThat(staple.thisUpdate()).isBefore(Instant.now());
            assertThat(staple.nextUpdate()).isAfter(Instant.now());
            assertThat(new OCSPResp(staple.encoded()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
            assertThat(responder.requests()).isEqualTo(1);
        }
    }

    @Test
    void revokedAndUnknownCertificatesAreReported() throws Exception {
        TestPki pki = new TestPki(dir);
        try (OcspResponder responder = new OcspResponder(pki.ca())) {
            TestPki.Issued revoked = pki.clientWithOcsp("r", "CN=r", responder.url());
            TestPki.Issued unknown = pki.clientWithOcsp("u", "CN=u", responder.url());
            responder.revoke(revoked.certificate());
            responder.unknown(unknown.certificate());

            assertThat(fetcher.fetch(revoked.certificate(), pki.ca().certificate(), responder.url())
                            .status())
                    .isEqualTo(Status.REVOKED);
            assertThat(fetcher.fetch(unknown.certificate(), pki.ca().certificate(), responder.url())
                            .status())
                    .isEqualTo(Status.UNKNOWN);
        }
    }

    @Test
    void aCertificateWithoutResponderHasNoUrlAndAnUnreachableResponderIsAnError() throws Exception {
        TestPki pki = new TestPki(dir);
        assertThat(OcspStapleFetcher.responders(pki.server().certificate())).isEmpty();
        String gone;
        try (OcspResponder responder = new OcspResponder(pki.ca())) {
            gone = responder.url();
        }
        assertThatThrownBy(
                        () -> fetcher.fetch(pki.server().certificate(), pki.ca().certificate(), gone))
                .isInstanceOf(IOException.class);
    }
}
