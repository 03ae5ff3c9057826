package io.natsspring.broker.internal.jetstream.snapshot;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives {@code $JS.API.STREAM.SNAPSHOT/RESTORE} over raw jnats requests the way the nats CLI (jsm.go) does:
 * acknowledges every chunk, stops at the empty final message; sends chunks as requests and ends with an empty one.
 */
final class SnapshotClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a snapshot produced: the API answer, every chunk's reply subject, the final status. */
    record Snapshot(JsonNode response, List<String> replies, int finalStatus, String finalText, long bytes) {}

    private final Connection nc;

    SnapshotClient(Connection nc) {
        this.nc = nc;
    }

    JsonNode request(String subject, String body) throws Exception {
        Message m = nc.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        return JSON.readTree(m.getData());
    }

    /** Takes a snapshot of {@code stream} into {@code file} with these extra request fields. */
    Snapshot snapshot(String stream, Path file, ObjectNode extra) throws Exception {
        String inbox = nc.createInbox();
        List<String> replies = new ArrayList<>();
        CompletableFuture<Message> end = new CompletableFuture<>();
        long[] bytes = new long[1];
        try (OutputStream out = Files.newOutputStream(file)) {
            Dispatcher d = nc.createDispatcher(m -> {
                if (m.getData() == null || m.getData().length == 0) {
                    end.complete(m);
                    return;
                }
                try {
                    out.write(m.getData());
                    bytes[0] += m.getData().length;
                } catch (IOException e) {
                    end.completeExceptionally(e);
                }
                replies.add(m.getReplyTo());
                if (m.getReplyTo() != null) {
                    nc.publish(m.getReplyTo(), null);
                }
            });
            d.subscribe(inbox);
            nc.flush(Duration.ofSeconds(5));
            ObjectNode req = extra == null ? JSON.createObjectNode() : extra.deepCopy();
            req.put("deliver_subject", inbox);
            JsonNode response = request("$JS.API.STREAM.SNAPSHOT." + stream, req.toString());
            if (response.has("error")) {
                nc.closeDispatcher(d);
                return new Snapshot(response, replies, 0, null, 0);
            }
            Message last = end.get(30, TimeUnit.SECONDS);
            nc.closeDispatcher(d);
            int status = last.getStatus() == null ? 0 : last.getStatus().getCode();
            String text = last.getStatus() == null ? null : last.getStatus().getMessage();
            return new Snapshot(response, replies, status, text, bytes[0]);
        }
    }

    /** Restores {@code file} as {@code stream}; returns the restore answer and the final (stream create) answer. */
    JsonNode[] restore(String stream, JsonNode config, Path file, int chunk) throws Exception {
        ObjectNode req = JSON.createObjectNode();
        req.set("config", config);
        req.set("state", JSON.createObjectNode());
        JsonNode answer = request("$JS.API.STREAM.RESTORE." + stream, req.toString());
        if (answer.has("error")) {
            return new JsonNode[] {answer, null};
        }
        String deliver = answer.get("deliver_subject").asString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf;
            while ((buf = in.readNBytes(chunk)).length > 0) {
                Message ack = nc.request(deliver, buf, Duration.ofSeconds(10));
                if (ack.getData() != null && ack.getData().length > 0) {
                    return new JsonNode[] {answer, JSON.readTree(ack.getData())};
                }
            }
        }
        Message done = nc.request(deliver, new byte[0], Duration.ofSeconds(30));
        return new JsonNode[] {answer, JSON.readTree(done.getData())};
    }
}
