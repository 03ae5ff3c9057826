package io.natsspring.broker.internal.monitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code nats-server}'s {@code feature_flags} as a single 2.15.1 server reports them: its clustering and wire-format
 * capability switches with their default values, overridden by the configuration's {@code feature_flags} block for
 * the flags it knows, in Go's sorted key order. They appear in {@code /varz} and in the server identity of every
 * {@code $SYS} answer and event. None changes anything here (a single server without Raft); they are reported so
 * that tools comparing servers see the same identity.
 */
public final class FeatureFlags {

    private static final Map<String, Boolean> DEFAULTS;

    static {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("js_ack_fc_v2", false);
        m.put("js_api_reply_v2", false);
        m.put("js_raft_delete_range", true);
        m.put("js_snapshot_sources", false);
        DEFAULTS = Collections.unmodifiableMap(m);
    }

    private FeatureFlags() {}

    /** The flags and their values, in {@code nats-server}'s (sorted) order; unmodifiable. */
    public static Map<String, Boolean> defaults() {
        return DEFAULTS;
    }

    /** Whether {@code nats-server} 2.15.1 knows the flag {@code name}. */
    public static boolean known(String name) {
        return DEFAULTS.containsKey(name);
    }

    /** The defaults with the {@code configured} values of known flags (unknown ones are ignored, as nats-server). */
    public static Map<String, Boolean> merged(Map<String, Boolean> configured) {
        if (configured == null || configured.isEmpty()) {
            return DEFAULTS;
        }
        Map<String, Boolean> m = new LinkedHashMap<>(DEFAULTS);
        configured.forEach((k, v) -> {
            if (known(k) && v != null) {
                m.put(k, v);
            }
        });
        return Collections.unmodifiableMap(m);
    }
}
