package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.monitor.FeatureFlags;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's identity as {@code nats-server} puts it in every system answer and event ({@code "server":
 * {name, host, id, ver, feature_flags, jetstream, flags, seq, time}}), with the sequence counting every message the system
 * account sends. Renders answers to JSON.
 */
public final class ServerEnvelope {

    /** Key of the server identity in answers and events. */
    public static final String KEY = "server";

    /** Stands for the server identity in a map to render; replaced at rendering with a fresh sequence and time. */
    public static final Object PLACEHOLDER = new Object() {
        @Override
        public String toString() {
            return "<server>";
        }
    };

    /** {@code nats-server}'s capability flags: JetStream enabled, binary stream snapshots. */
    private static final int JETSTREAM_FLAGS = 1 | 2;

    /** Built on the first answer, not with the first envelope: Jackson is a large part of a cold start. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    private final String id;
    private final String name;
    private final String host;
    private final String version;
    private final boolean jetStream;
    private final Map<String, Boolean> featureFlags;
    private final AtomicLong seq = new AtomicLong();

    public ServerEnvelope(String id, String name, String host, String version, boolean jetStream) {
        this(id, name, host, version, jetStream, FeatureFlags.defaults());
    }

    /** With the server's {@code feature_flags} ({@link FeatureFlags#merged}). */
    public ServerEnvelope(
            String id, String name, String host, String version, boolean jetStream, Map<String, Boolean> featureFlags) {
        this.id = id;
        this.name = name;
        this.host = host;
        this.version = version;
        this.jetStream = jetStream;
        this.featureFlags = featureFlags;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    /** A fresh identity: the next sequence and the current time. */
    public Map<String, Object> next() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("host", host);
        m.put("id", id);
        m.put("ver", version);
        m.put("feature_flags", featureFlags);
        m.put("jetstream", jetStream);
        m.put("flags", jetStream ? JETSTREAM_FLAGS : 0);
        m.put("seq", seq.incrementAndGet());
        m.put("time", GoTime.format(Instant.now()));
        return m;
    }

    /** The identity without sequence and time ({@code $SYS.REQ.SERVER.PING.IDZ}). */
    public Map<String, Object> idz() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("host", host);
        m.put("id", id);
        return m;
    }

    /** Renders an answer: a map as JSON (its {@link #PLACEHOLDER} replaced), a string as UTF-8, bytes as they are. */
    public byte[] render(Object answer) {
        if (answer instanceof byte[] b) {
            return b;
        }
        if (answer instanceof String s) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (answer instanceof Map<?, ?> m && m.get(KEY) == PLACEHOLDER) {
            Map<Object, Object> copy = new LinkedHashMap<>(m);
            copy.put(KEY, next());
            return Json.MAPPER.writeValueAsBytes(copy);
        }
        return Json.MAPPER.writeValueAsBytes(answer);
    }

    /** Reads a JSON request body into a map; an empty body is an empty map. */
    public static Map<String, Object> parseOptions(SystemRequest r) {
        if (!r.hasBody()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Json.MAPPER.readValue(r.body(), Map.class);
        return m == null ? Map.of() : m;
    }
}
