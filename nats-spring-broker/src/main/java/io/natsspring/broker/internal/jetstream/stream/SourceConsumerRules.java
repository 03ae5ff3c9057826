package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code nats-server}'s checks of the {@code consumer} of a mirror or source ({@code name} and
 * {@code deliver_subject} of a durable pre-created on the origin, 2.14): a valid name, a literal deliver subject,
 * neither a start position nor a {@code filter_subject}, and one source per consumer (10213, 10215, 10216). Such a
 * source is run by resetting and binding that durable ({@code replication.SourceLink}).
 */
final class SourceConsumerRules {

    private static final String CONSUMER = "consumer";

    private SourceConsumerRules() {}

    /** The mirror's {@code consumer}, if any (10213). */
    static void checkMirror(JsonNode mirror) {
        if (!valid(mirror)) {
            throw error(10213, "stream mirror consumer config is invalid");
        }
    }

    /** A source's {@code consumer}, if any (10215), and that no other source uses it (10216). */
    static void checkSource(JsonNode source, StreamSource s, Set<String> consumers) {
        JsonNode c = source.get(CONSUMER);
        if (c == null || c.isNull()) {
            return;
        }
        if (!valid(source)) {
            throw error(10215, "stream source consumer config is invalid");
        }
        String origin = s.isExternal() ? s.name() + ":" + StreamSource.hash(s.apiPrefix()) : s.name();
        if (!consumers.add(origin + " " + text(c, "name"))) {
            throw error(10216, "duplicate stream source consumer detected");
        }
    }

    private static boolean valid(JsonNode source) {
        JsonNode c = source.get(CONSUMER);
        if (c == null || c.isNull()) {
            return true;
        }
        if (!StreamConfigRules.isValidName(text(c, "name")) || text(c, "name").matches(".*[\\\\/].*")) {
            return false;
        }
        String deliver = text(c, "deliver_subject");
        if (deliver.isEmpty() || !Subjects.isValidPublishSubject(deliver)) {
            return false;
        }
        JsonNode seq = source.get("opt_start_seq");
        if (seq != null && !seq.isNull() && seq.asLong() != 0) {
            return false;
        }
        JsonNode time = source.get("opt_start_time");
        if (time != null && !time.isNull()) {
            return false;
        }
        return text(source, "filter_subject").isEmpty();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    private static ApiException error(int errCode, String text) {
        return new ApiException(new ApiError(400, errCode, text));
    }
}
