package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.SubjectMapper;
import java.util.List;

/**
 * The subject mappings {@code nats-server} gives every JetStream account of a server with a {@code jetstream.domain}
 * ({@code generateJSMappingTable}): {@code $JS.<domain>.API.INFO}, {@code .STREAM.>}, {@code .CONSUMER.>}, {@code
 * .DIRECT.>}, {@code .META.>}, {@code .SERVER.>} and {@code .ACCOUNT.>} to the same under {@code $JS.API}, and {@code
 * $JS.<domain>.API.$KV.>} / {@code .$OBJ.>} to {@code $KV.>} / {@code $OBJ.>}. Immutable.
 */
final class JetStreamDomainMappings implements SubjectMapper {

    private static final List<String> API_SUFFIXES =
            List.of("STREAM.>", "CONSUMER.>", "DIRECT.>", "META.>", "SERVER.>", "ACCOUNT.>", "$KV.>", "$OBJ.>");

    private final String prefix;
    private final List<String> sources;

    JetStreamDomainMappings(String domain) {
        this.prefix = "$JS." + domain + ".API.";
        java.util.ArrayList<String> s = new java.util.ArrayList<>();
        s.add(prefix + "INFO");
        API_SUFFIXES.forEach(x -> s.add(prefix + x));
        this.sources = List.copyOf(s);
    }

    /** The mapping sources (announced to leaf nodes as interest, as {@code nats-server} does for mappings). */
    List<String> sources() {
        return sources;
    }

    @Override
    public String map(String subject) {
        if (!subject.startsWith(prefix)) {
            return null;
        }
        String rest = subject.substring(prefix.length());
        if (rest.equals("INFO")) {
            return "$JS.API.INFO";
        }
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            return null;
        }
        String first = rest.substring(0, dot);
        switch (first) {
            case "STREAM", "CONSUMER", "DIRECT", "META", "SERVER", "ACCOUNT":
                return "$JS.API." + rest;
            case "$KV", "$OBJ":
                return rest;
            default:
                return null;
        }
    }

    /** {@code first}'s mapping when it has one, else {@code second}'s; either may be {@code null}. */
    static SubjectMapper compose(SubjectMapper first, SubjectMapper second) {
        if (first == null) {
            return second;
        }
        if (second == null) {
            return first;
        }
        return subject -> {
            String m = first.map(subject);
            return m != null ? m : second.map(subject);
        };
    }
}
