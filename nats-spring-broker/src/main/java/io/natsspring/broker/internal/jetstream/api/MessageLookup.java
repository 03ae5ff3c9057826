package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamStore;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A message-get request ({@code seq}, {@code last_by_subj}, {@code next_by_subj}, {@code start_time}) shared by
 * {@code STREAM.MSG.GET} and direct get, bound as {@code nats-server}'s {@code JSApiMsgGetRequest}.
 */
record MessageLookup(
        @JsonProperty("seq") @JsonDeserialize(using = GoScalars.Uint64.class)
        long seq,

        @JsonProperty("last_by_subj") String lastBySubject,
        @JsonProperty("next_by_subj") String nextBySubject,

        @JsonProperty("start_time") @JsonDeserialize(using = GoScalars.Time.class)
        long startTimeNanos) {

    private static final String GO = "JSApiMsgGetRequest";

    MessageLookup {
        lastBySubject = emptyToNull(lastBySubject);
        nextBySubject = emptyToNull(nextBySubject);
    }

    /** Parses the request; throws {@link JsApiError#INVALID_JSON} or {@link JsApiError#BAD_REQUEST}. */
    static MessageLookup parse(byte[] body) {
        MessageLookup l = ApiJson.read(body, MessageLookup.class, GO);
        if (!l.valid()) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        return l;
    }

    static MessageLookup lastFor(String subject) {
        return new MessageLookup(0, subject, null, 0);
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
