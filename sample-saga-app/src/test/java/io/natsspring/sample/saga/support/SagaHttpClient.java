package io.natsspring.sample.saga.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the saga application's HTTP API the way a client would, over a real socket. */
public final class SagaHttpClient {

    private static final Set<String> FINAL = Set.of("CONFIRMED", "CANCELLED");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;

    public SagaHttpClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /** A status code, its JSON body (or {@code null} when there is none) and its {@code Retry-After} (or null). */
    public record Response(int status, JsonNode body, String retryAfter) {}

    /** The JSON body of an order of {@code quantity} units of {@code sku}. */
    public static String order(String customerId, String sku, int quantity, String amount) {
        return "{\"customerId\":\"" + customerId + "\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                + "}],\"amount\":" + amount + "}";
    }

    public Response post(String path, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    public Response put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** Places an order, expects {@code 202}, returns its id. */
    public String placeOrder(String body, String idempotencyKey) {
        Response response = post("/orders", body, idempotencyKey);
        assertThat(response.status()).as("POST /orders %s", response.body()).isEqualTo(202);
        return response.body().get("orderId").asString();
    }

    /** Waits until the order reaches {@code CONFIRMED} or {@code CANCELLED}, and returns it. */
    public JsonNode awaitFinal(String orderId) {
        return await().atMost(Duration.ofSeconds(15))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> get("/orders/" + orderId).body(),
                        order -> order != null
                                && FINAL.contains(order.path("status").asString()));
    }

    /** Units of {@code sku} available. */
    public int available(String sku) {
        Response response = get("/inventory/" + sku);
        assertThat(response.status()).isEqualTo(200);
        return response.body().get("available").asInt();
    }

    /** Sets the stock of {@code sku}. */
    public void setStock(String sku, int available) {
        assertThat(put("/inventory/" + sku, "{\"available\":" + available + "}").status())
                .isEqualTo(200);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
            return new Response(
                    response.statusCode(),
                    body,
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
