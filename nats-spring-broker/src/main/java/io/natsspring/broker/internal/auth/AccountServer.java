package io.natsspring.broker.internal.auth;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP account server of {@code resolver: URL("…")}, as {@code nats-server}'s {@code URLAccResolver} fetches
 * account JWTs from it: {@code GET <base URL><account public key>}, redirects followed, the whole exchange bounded
 * by 1.9 s ({@code DEFAULT_ACCOUNT_FETCH_TIMEOUT}); anything but {@code 200} fails with nats-server's text
 * ({@code could not fetch <"URL">: 404 Not Found}), the password of the URL masked. The body is bounded (a JWT is a
 * few kilobytes; nats-server reads any size). Thread-safe; one client (its connections are reused).
 */
public final class AccountServer {

    /** nats-server's {@code DEFAULT_ACCOUNT_FETCH_TIMEOUT}. */
    public static final Duration TIMEOUT = Duration.ofMillis(1_900);

    /** The largest JWT accepted from the server. */
    public static final int MAX_BYTES = 1 << 20;

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"),
            Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"),
            Map.entry(304, "Not Modified"),
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    /** A failed fetch; the message is nats-server's. */
    public static final class FetchException extends Exception {

        private static final long serialVersionUID = 1L;

        FetchException(String message) {
            super(message);
        }
    }

    private final String base;
    private final HttpClient client;

    /** @param base the base URL, ending with {@code /} (an account key is appended) */
    public AccountServer(URI base) {
        this(base, null);
    }

    /**
     * @param base the base URL, ending with {@code /} (an account key is appended)
     * @param tls  the TLS of {@code https} fetches ({@code resolver_tls}), or {@code null} for the JVM's defaults
     */
    public AccountServer(URI base, javax.net.ssl.SSLContext tls) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b : b + "/";
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
    }

    /**
     * The JWT the server holds for {@code account}.
     *
     * @throws FetchException with nats-server's text when the server can not be reached, answers something else
     *                        than {@code 200}, does not answer in time or sends more than {@link #MAX_BYTES}
     */
    public String fetch(String account) throws FetchException {
        String url = base + account;
        String shown = "could not fetch <\"" + redact(url) + "\">: ";
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(TIMEOUT)
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new FetchException(shown + e.getMessage());
        }
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, info -> new BoundedBody());
        HttpResponse<byte[]> response;
        try {
            response = pending.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new FetchException(shown + "Get \"" + redact(url)
                    + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException(shown + "interrupted");
        } catch (ExecutionException e) {
            throw new FetchException(shown + "Get \"" + redact(url) + "\": " + cause(e.getCause(), request.uri()));
        }
        if (response.statusCode() != 200) {
            String reason = REASONS.get(response.statusCode());
            throw new FetchException(shown + response.statusCode() + (reason == null ? "" : " " + reason));
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String cause(Throwable t, URI uri) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertPathBuilderException) {
                // the certificate does not chain to a trusted root: Go's crypto/tls text
                return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                t = c;
                break;
            }
        }
        while (!(t instanceof ConnectException)
                && t != null
                && t.getCause() != null
                && (t.getMessage() == null || t instanceof ExecutionException)) {
            t = t.getCause();
        }
        if (t instanceof ConnectException) {
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
        }
        if (t instanceof java.net.http.HttpTimeoutException) {
            return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
        return t == null ? "no response" : String.valueOf(t.getMessage());
    }

    /** The URL with its password replaced by {@code xxxxx}, as Go's {@code URL.Redacted}. */
    static String redact(String url) {
        try {
            URI u = URI.create(url);
            String info = u.getRawUserInfo();
            if (info == null || !info.contains(":")) {
                return url;
            }
            String user = info.substring(0, info.indexOf(':'));
            return url.replaceFirst(java.util.regex.Pattern.quote(info + "@"), user + ":xxxxx@");
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Collects the body up to {@link #MAX_BYTES}; more fails the exchange. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > MAX_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(
                            new java.io.IOException("response body larger than " + MAX_BYTES + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
