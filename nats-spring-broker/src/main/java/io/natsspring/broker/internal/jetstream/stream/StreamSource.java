package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One {@code mirror} or {@code sources[]} entry of a stream configuration ({@code StreamSource} of
 * {@code nats-server}), read from the raw JSON the configuration keeps.
 *
 * @param name              the origin stream
 * @param optStartSeq       first origin sequence to take, 0 when unset
 * @param optStartTime      RFC 3339 start time as given, {@code null} when unset
 * @param filterSubject     {@code filter_subject}, empty when unset
 * @param transforms        {@code subject_transforms} (source filter and destination)
 * @param apiPrefix         {@code external.api}, {@code null} when not external
 * @param deliverPrefix     {@code external.deliver}, {@code null} when not set
 * @param consumerName      {@code consumer.name}: a durable pre-created on the origin (2.14), {@code null} when unset
 * @param consumerDeliver   {@code consumer.deliver_subject} of that durable, {@code null} when unset
 */
public record StreamSource(
        String name,
        long optStartSeq,
        String optStartTime,
        String filterSubject,
        List<Transform> transforms,
        String apiPrefix,
        String deliverPrefix,
        String consumerName,
        String consumerDeliver) {

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** One {@code subject_transforms} entry. */
    public record Transform(String source, String destination) {}

    /** Reads one entry; a missing field is its zero value. */
    public static StreamSource of(JsonNode n) {
        List<Transform> trs = new ArrayList<>();
        JsonNode t = n.get("subject_transforms");
        if (t != null && t.isArray()) {
            for (JsonNode e : t) {
                trs.add(new Transform(text(e, "src"), text(e, "dest")));
            }
        }
        JsonNode ext = n.get("external");
        boolean hasExt = ext != null && ext.isObject();
        JsonNode consumer = n.get("consumer");
        boolean hasConsumer = consumer != null && consumer.isObject();
        JsonNode seq = n.get("opt_start_seq");
        String time = text(n, "opt_start_time");
        return new StreamSource(
                text(n, "name"),
                seq == null || seq.isNull() ? 0 : seq.asLong(),
                time.isEmpty() ? null : time,
                text(n, "filter_subject"),
                List.copyOf(trs),
                hasExt ? text(ext, "api") : null,
                hasExt ? text(ext, "deliver") : null,
                hasConsumer ? plain(consumer, "name") : null,
                hasConsumer ? plain(consumer, "deliver_subject") : null);
    }

    /** A pre-created origin durable is named ({@code consumer}): it is reset and bound, never created. */
    public boolean hasConsumer() {
        return consumerName != null;
    }

    /** Every entry of a {@code sources} array (none for {@code null}). */
    public static List<StreamSource> list(JsonNode array) {
        List<StreamSource> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                out.add(n == null || n.isNull() ? null : of(n));
            }
        }
        return out;
    }

    /** The start time in nanoseconds since the epoch, 0 when unset. */
    public long optStartTimeNanos() {
        return optStartTime == null ? 0 : ApiTime.parse(optStartTime);
    }

    public boolean isExternal() {
        return apiPrefix != null;
    }

    /**
     * The index name {@code nats-server} keys a source by (and writes into {@code Nats-Stream-Source}):
     * {@code <name>[:<hash of api prefix>][:C=<hash of consumer name>] <filters> <destinations>}, {@code >} standing
     * for empty.
     */
    public String indexName() {
        String iname = isExternal() ? name + ":" + hash(apiPrefix) : name;
        if (hasConsumer()) {
            iname = iname + ":C=" + hash(consumerName);
        }
        String src;
        String dst;
        if (transforms.isEmpty()) {
            src = filterSubject.isEmpty() ? ">" : filterSubject;
            dst = ">";
        } else {
            List<String> s = new ArrayList<>();
            List<String> d = new ArrayList<>();
            for (Transform tr : transforms) {
                s.add(tr.source().isEmpty() ? ">" : tr.source());
                d.add(tr.destination().isEmpty() ? ">" : tr.destination());
            }
            src = String.join("\f", s);
            dst = String.join("\f", d);
        }
        return iname + " " + src + " " + dst;
    }

    /** {@code getHash} of {@code nats-server}: SHA-256 digits in base 62, eight of them. */
    public static String hash(String text) {
        try {
            byte[] b = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                out.append(DIGITS.charAt((b[i] & 0xff) % 62));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** A string field; anything else (left to the checks that refuse it) is empty. */
    private static String plain(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isString() ? v.asString() : "";
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }
}
