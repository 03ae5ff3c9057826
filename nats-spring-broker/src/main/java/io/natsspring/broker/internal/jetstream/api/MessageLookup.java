package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamStore;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A message-get request shared by {@code STREAM.MSG.GET} and direct get, bound as {@code nats-server}'s
 * {@code JSApiMsgGetRequest}: one message by {@code seq}, {@code last_by_subj}, {@code next_by_subj} or
 * {@code start_time}, and for direct gets the batch fields of ADR-31 ({@code batch}, {@code max_bytes},
 * {@code multi_last}, {@code up_to_seq}, {@code up_to_time}, {@code no_hdr}).
 */
record MessageLookup(
        @JsonProperty("seq") @JsonDeserialize(using = GoScalars.Uint64.class)
        long seq,

        @JsonProperty("last_by_subj") String lastBySubject,
        @JsonProperty("next_by_subj") String nextBySubject,

        @JsonProperty("batch") @JsonDeserialize(using = GoScalars.Int.class)
        long batch,

        @JsonProperty("max_bytes") @JsonDeserialize(using = GoScalars.Int.class)
        long maxBytes,

        @JsonProperty("start_time") @JsonDeserialize(using = GoScalars.Time.class)
        long startTimeNanos,

        @JsonProperty("multi_last") List<String> multiLast,

        @JsonProperty("up_to_seq") @JsonDeserialize(using = GoScalars.Uint64.class)
        long upToSeq,

        @JsonProperty("up_to_time") @JsonDeserialize(using = GoScalars.Time.class)
        long upToTimeNanos,

        @JsonProperty("no_hdr") boolean noHeaders) {

    private static final String GO = "JSApiMsgGetRequest";

    MessageLookup {
        lastBySubject = emptyToNull(lastBySubject);
        nextBySubject = emptyToNull(nextBySubject);
        multiLast = multiLast == null ? List.of() : List.copyOf(multiLast);
    }

    /**
     * Parses a {@code STREAM.MSG.GET} request; throws {@link JsApiError#INVALID_JSON} or
     * {@link JsApiError#BAD_REQUEST} (batch fields and conflicting options are refused as {@code nats-server} does).
     */
    static MessageLookup parse(byte[] body) {
        MessageLookup l = read(body);
        if (l.batch > 0 || l.maxBytes > 0 || !l.valid()) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        return l;
    }

    /** Binds the JSON without checking the combination of fields. */
    static MessageLookup read(byte[] body) {
        return ApiJson.read(body, MessageLookup.class, GO);
    }

    static MessageLookup lastFor(String subject) {
        return new MessageLookup(0, subject, null, 0, 0, 0, List.of(), 0, 0, false);
    }

    /** This request answering the last message on {@code subject}, its other fields kept. */
    MessageLookup withLastFor(String subject) {
        return new MessageLookup(
                seq,
                subject,
                nextBySubject,
                batch,
                maxBytes,
                startTimeNanos,
                multiLast,
                upToSeq,
                upToTimeNanos,
                noHeaders);
    }

    boolean valid() {
        if (seq > 0 && lastBySubject != null) {
            return false;
        }
        if (lastBySubject != null && nextBySubject != null) {
            return false;
        }
        if (startTimeNanos != 0 && (seq > 0 || lastBySubject != null)) {
            return false;
        }
        return seq > 0 || lastBySubject != null || nextBySubject != null || startTimeNanos != 0;
    }

    /** Direct get: nothing that selects a message is set ({@code 408 Empty Request}). */
    boolean selectsNothing() {
        return seq == 0 && lastBySubject == null && nextBySubject == null && multiLast.isEmpty() && startTimeNanos == 0;
    }

    /** Direct get: options that cannot go together ({@code 408 Bad Request}), as {@code nats-server} checks. */
    boolean conflicting() {
        return (seq > 0 && lastBySubject != null)
                || (seq > 0 && startTimeNanos != 0)
                || (startTimeNanos != 0 && lastBySubject != null)
                || (lastBySubject != null && nextBySubject != null)
                || (lastBySubject != null && batch > 0)
                || (lastBySubject != null && !multiLast.isEmpty())
                || (nextBySubject != null && !multiLast.isEmpty())
                || (upToSeq > 0 && upToTimeNanos != 0);
    }

    /** Direct get by subject in the request subject: any selecting or batch field in the body is refused. */
    boolean hasSelection() {
        return lastBySubject != null
                || nextBySubject != null
                || !multiLast.isEmpty()
                || seq != 0
                || batch != 0
                || startTimeNanos != 0
                || upToSeq != 0
                || upToTimeNanos != 0;
    }

    /** The message asked for, or {@code null}. */
    StoredMessage find(StreamStore store) {
        if (startTimeNanos != 0) {
            long from = store.sequenceForTime(startTimeNanos);
            return store.loadNext(nextBySubject, from);
        }
        if (seq > 0 && nextBySubject == null) {
            return store.load(seq);
        }
        if (nextBySubject != null) {
            return store.loadNext(nextBySubject, Math.max(1, seq));
        }
        return store.loadLast(lastBySubject);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
