package io.natsspring.broker.internal.jetstream.api;

/**
 * Which {@link ApiLanes} lane a JetStream API request runs on, decided from its subject: reads run unordered,
 * requests on one stream run in order per stream, stream create/update/delete run in order among themselves (and
 * exclude the requests on the same stream), anything unknown runs alone.
 *
 * @param kind   the kind of lane
 * @param stream the stream the request is about, empty for account-wide requests
 */
record ApiLane(Kind kind, String stream) {

    /** The kinds of lanes. */
    enum Kind {
        /**
         * Info, names, lists (nats-server's "info queue"): unordered; one about a stream waits only for the requests
         * on that stream that arrived before it.
         */
        READ,
        /** A request on one stream (purge, message get and delete, consumers): in order per stream. */
        STREAM,
        /** Stream create, update, delete: in order among themselves, excluding the same stream's requests. */
        STREAMS,
        /** Anything not classified: alone, as on a single API thread. */
        EXCLUSIVE
    }

    private static final String PREFIX = "$JS.API.";
    private static final ApiLane READ = new ApiLane(Kind.READ, "");
    private static final ApiLane EXCLUSIVE_LANE = new ApiLane(Kind.EXCLUSIVE, "");

    /** The lane of a request on {@code subject}. */
    static ApiLane of(String subject) {
        if (!subject.startsWith(PREFIX)) {
            return EXCLUSIVE_LANE;
        }
        String[] t = subject.substring(PREFIX.length()).split("\\.", -1);
        String verb = t[0] + (t.length > 1 ? "." + t[1] : "");
        if (t.length == 1 && t[0].equals("INFO")) {
            return READ;
        }
        return switch (verb) {
            case "STREAM.NAMES", "STREAM.LIST" -> t.length == 2 ? READ : EXCLUSIVE_LANE;
            case "STREAM.INFO" -> t.length == 3 ? read(t[2]) : EXCLUSIVE_LANE;
            case "STREAM.CREATE", "STREAM.UPDATE", "STREAM.DELETE" ->
                t.length == 3 ? new ApiLane(Kind.STREAMS, t[2]) : EXCLUSIVE_LANE;
            case "STREAM.MSG" ->
                // a message get is not an info request in nats-server: it waits in the request queue
                t.length == 4 && (t[2].equals("GET") || t[2].equals("DELETE")) ? stream(t[3]) : EXCLUSIVE_LANE;
            case "STREAM.PURGE", "STREAM.SNAPSHOT" -> t.length == 3 ? stream(t[2]) : EXCLUSIVE_LANE;
            case "STREAM.RESTORE" -> t.length == 3 ? new ApiLane(Kind.STREAMS, t[2]) : EXCLUSIVE_LANE;
            case "CONSUMER.NAMES", "CONSUMER.LIST" -> t.length == 3 ? read(t[2]) : EXCLUSIVE_LANE;
            case "CONSUMER.INFO" -> t.length == 4 ? read(t[2]) : EXCLUSIVE_LANE;
            case "CONSUMER.CREATE", "CONSUMER.DELETE", "CONSUMER.PAUSE", "CONSUMER.RESET", "CONSUMER.UNPIN" ->
                t.length >= 3 ? stream(t[2]) : EXCLUSIVE_LANE;
            case "CONSUMER.DURABLE" -> t.length == 5 && t[2].equals("CREATE") ? stream(t[3]) : EXCLUSIVE_LANE;
            default -> EXCLUSIVE_LANE;
        };
    }

    /** The lane of a task that must run alone, after every request that arrived before it. */
    static ApiLane exclusive() {
        return EXCLUSIVE_LANE;
    }

    private static ApiLane read(String stream) {
        return new ApiLane(Kind.READ, stream);
    }

    private static ApiLane stream(String name) {
        return new ApiLane(Kind.STREAM, name);
    }
}
