package io.natsspring.broker.internal.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A system request's JSON options: {@code nats-server}'s event filter ({@code server_name}, {@code host},
 * {@code cluster}, {@code exact_match}, {@code tags}, {@code domain}) and the monitoring options, translated to the
 * query parameters the monitoring endpoints take.
 */
final class RequestOptions {

    private final Map<String, Object> json;

    private RequestOptions(Map<String, Object> json) {
        this.json = json;
    }

    /**
     * @throws IllegalArgumentException when the body is not a JSON object ({@code nats-server} answers 400)
     */
    static RequestOptions of(SystemRequest r) {
        try {
            return new RequestOptions(ServerEnvelope.parseOptions(r));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether the event filter excludes this server ({@code nats-server} then does not answer at all). */
    boolean filtersOut(ServerEnvelope server) {
        boolean exact = bool("exact_match");
        if (excludes(string("server_name"), server.name(), exact)
                || excludes(string("host"), server.host(), exact)
                || excludes(string("cluster"), "", exact)) {
            return true;
        }
        Object tags = json.get("tags");
        if (tags instanceof Collection<?> c && !c.isEmpty()) {
            return true;
        }
        String domain = string("domain");
        return domain != null && !domain.isEmpty();
    }

    private static boolean excludes(String filter, String value, boolean exact) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        return exact ? !filter.equals(value) : !value.contains(filter);
    }

    String string(String key) {
        Object v = json.get(key);
        return v == null ? null : String.valueOf(v);
    }

    boolean bool(String key) {
        return Boolean.TRUE.equals(json.get(key));
    }

    /** Account names in {@code key} (a JSON array), empty when absent. */
    List<String> strings(String key) {
        List<String> r = new ArrayList<>();
        if (json.get(key) instanceof Collection<?> c) {
            c.forEach(v -> r.add(String.valueOf(v)));
        }
        return r;
    }

    /**
     * Query parameters for the monitoring endpoints: {@code subscriptions}→{@code subs}, {@code auth}, {@code
     * offset}, {@code limit}, {@code acc} (or {@code account}), {@code accounts}, and {@code /jsz}'s {@code streams},
     * {@code consumer}, {@code config}, {@code leader_only}, {@code raft}.
     */
    Map<String, List<String>> query() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (bool("subscriptions") || bool("subscriptions_detail")) {
            q.put("subs", List.of("1"));
        }
        if (bool("auth")) {
            q.put("auth", List.of("1"));
        }
        if (bool("accounts")) {
            q.put("accounts", List.of("true"));
        }
        // JSzOptions' names, as the /jsz query parameters
        for (String[] k : new String[][] {
            {"streams", "streams"},
            {"consumer", "consumers"},
            {"config", "config"},
            {"leader_only", "leader-only"},
            {"raft", "raft"}
        }) {
            if (bool(k[0])) {
                q.put(k[1], List.of("true"));
            }
        }
        for (String k : List.of("offset", "limit")) {
            if (json.get(k) instanceof Number n && n.intValue() > 0) {
                q.put(k, List.of(String.valueOf(n.intValue())));
            }
        }
        String acc = string("acc") != null ? string("acc") : string("account");
        if (acc != null && !acc.isEmpty()) {
            q.put("acc", List.of(acc));
        }
        return q;
    }
}
