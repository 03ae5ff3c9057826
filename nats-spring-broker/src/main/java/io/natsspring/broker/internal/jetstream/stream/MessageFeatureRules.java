package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.JsApiError;

/**
 * The configuration rules of the 2.12 message features — counters ({@code allow_msg_counter}), atomic batch publish
 * ({@code allow_atomic}) and message schedules ({@code allow_msg_schedules}) — as {@code nats-server} applies them
 * on create and update, with its error codes and texts.
 */
final class MessageFeatureRules {

    private MessageFeatureRules() {}

    /** Counter streams: limits retention, no discard new, no TTLs, no schedules. */
    static void checkCounter(StreamConfig c) {
        if (!c.allowMsgCounter()) {
            return;
        }
        if (c.discard() == DiscardPolicy.NEW) {
            throw StreamConfigRules.invalid("counter stream cannot use discard new");
        }
        if (c.allowMsgTtl()) {
            throw StreamConfigRules.invalid("counter stream cannot use message TTLs");
        }
        if (c.allowMsgSchedules()) {
            throw StreamConfigRules.invalid("counter stream cannot use message schedules");
        }
        if (c.retention() != RetentionPolicy.LIMITS) {
            throw StreamConfigRules.invalid("counter stream can only use limits retention");
        }
    }

    /** Schedules: no discard new; they turn on roll-ups and purges (pedantic is not honoured). */
    static StreamConfig checkSchedules(StreamConfig c) {
        if (!c.allowMsgSchedules()) {
            return c;
        }
        if (c.discard() == DiscardPolicy.NEW) {
            throw StreamConfigRules.invalid("message scheduling cannot use discard new");
        }
        return c.allowRollup() ? c : c.withRollupAllowed();
    }

    /** {@code persist_mode: async}: file storage only, one replica, no atomic batches. */
    static void checkPersistMode(StreamConfig c) {
        if (c.persist() != PersistMode.ASYNC) {
            return;
        }
        if (c.storage() != StorageType.FILE) {
            throw StreamConfigRules.invalid("async persist mode is only supported on file storage");
        }
        if (c.replicas() > 1) {
            throw StreamConfigRules.invalid("async persist mode is not supported on replicated streams");
        }
        if (c.allowAtomic()) {
            throw StreamConfigRules.invalid("async persist mode is not supported with atomic batch publish");
        }
    }

    /** A mirror computes no counters, takes no batches (atomic or fast) and schedules nothing. */
    static void checkMirror(StreamConfig c) {
        if (c.allowMsgCounter()) {
            throw JsApiError.MIRROR_WITH_COUNTERS.exception();
        }
        if (c.allowAtomic()) {
            throw JsApiError.MIRROR_WITH_ATOMIC_PUBLISH.exception();
        }
        if (c.allowBatched()) {
            throw JsApiError.MIRROR_WITH_BATCH_PUBLISH.exception();
        }
        if (c.allowMsgSchedules()) {
            throw JsApiError.MIRROR_WITH_MSG_SCHEDULES.exception();
        }
    }

    /** A stream with sources schedules nothing. */
    static void checkSources(StreamConfig c) {
        if (c.sources() != null && c.sources().size() > 0 && c.allowMsgSchedules()) {
            throw JsApiError.SOURCE_WITH_MSG_SCHEDULES.exception();
        }
    }

    /** What an update may not change: the counter setting; schedules cannot be turned off. */
    static void checkUpdate(StreamConfig old, StreamConfig c) {
        if (c.allowMsgCounter() != old.allowMsgCounter()) {
            throw StreamConfigRules.invalid("stream configuration update can not change message counter setting");
        }
        if (old.allowMsgSchedules() && !c.allowMsgSchedules()) {
            throw StreamConfigRules.invalid("message schedules can not be disabled");
        }
        if (old.persist() != c.persist()) {
            throw StreamConfigRules.invalid("stream configuration update can not change persist mode");
        }
    }
}
