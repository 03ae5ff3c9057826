package io.natsspring.test.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a node's JetStream view from its monitoring endpoint {@code /jsz}: the meta leader and, per stream and
 * consumer, the leader this node knows of. A node that does not answer (down, starting) gives empty results.
 */
final class JszClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The {@code /jsz} document of the node (with streams and consumers when asked), or empty. */
    Optional<JsonNode> jsz(NatsClusterNode node, boolean details) {
        if (!node.isRunning()) {
            return Optional.empty();
        }
        String query = details ? "/jsz?accounts=true&streams=true&consumers=true&config=true" : "/jsz";
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.monitorUrl() + query))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The meta leader's name as the node sees it, or empty. */
    Optional<String> metaLeader(NatsClusterNode node) {
        return jsz(node, false)
                .map(j -> j.path("meta_cluster").path("leader").asString(""))
                .filter(s -> !s.isEmpty());
    }

    /** The node's description of a stream (any account), or empty when the node does not host it. */
    Optional<JsonNode> stream(NatsClusterNode node, String stream) {
        return jsz(node, true).flatMap(j -> {
            for (JsonNode account : j.path("account_details")) {
                for (JsonNode detail : account.path("stream_detail")) {
                    if (stream.equals(detail.path("name").asString(""))) {
                        return Optional.of(detail);
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** The stream's leader as the node sees it, or empty. */
    Optional<String> streamLeader(NatsClusterNode node, String stream) {
        return stream(node, stream)
                .map(d -> d.path("cluster").path("leader").asString(""))
                .filter(s -> !s.isEmpty());
    }

    /** The consumer's leader as the node sees it, or empty. */
    Optional<String> consumerLeader(NatsClusterNode node, String stream, String consumer) {
        return stream(node, stream).flatMap(d -> {
            for (JsonNode c : d.path("consumer_detail")) {
                if (consumer.equals(c.path("name").asString(""))) {
                    String leader = c.path("cluster").path("leader").asString("");
                    return leader.isEmpty() ? Optional.empty() : Optional.of(leader);
                }
            }
            return Optional.empty();
        });
    }
}
