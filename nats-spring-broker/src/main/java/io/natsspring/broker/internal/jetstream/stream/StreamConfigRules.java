package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.routing.SubjectOverlaps;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules a stream configuration must follow, and the defaults filled into it, as {@code nats-server} applies
 * them on create and update. Violations throw {@link ApiException} with the server's code and text.
 */
public final class StreamConfigRules {

    /** Longest stream name. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest description. */
    public static final int MAX_DESCRIPTION_LENGTH = 4 * 1024;
    /** Largest total size of metadata keys and values. */
    public static final int MAX_METADATA_LENGTH = 128 * 1024;

    private static final long MIN_WINDOW_NANOS = 100_000_000L;
    private static final int MAX_REPLICAS = 5;

    private StreamConfigRules() {}

    /** True for a name the server accepts for streams (and consumers): non-empty, no {@code . * >} or spaces. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '*' || c == '>' || Character.isWhitespace(c) || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the name holds a path separator. */
    public static boolean hasPathSeparator(String name) {
        return name.indexOf('/') >= 0 || name.indexOf('\\') >= 0;
    }

    /** Validates a requested configuration and returns it with every default filled in. */
    public static StreamConfig normalize(StreamConfig c) {
        if (!isValidName(c.name())) {
            throw invalid("stream name is required and can not contain '.', '*', '>'");
        }
        if (hasPathSeparator(c.name())) {
            throw JsApiError.STREAM_NAME_CONTAINS_PATH_SEPARATORS.exception();
        }
        if (c.name().length() > MAX_NAME_LENGTH) {
            throw invalid("stream name is too long, maximum allowed is " + MAX_NAME_LENGTH);
        }
        if (c.description() != null && c.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw invalid("stream description is too long, maximum allowed is " + MAX_DESCRIPTION_LENGTH);
        }
        if (c.metadata() != null) {
            int len = 0;
            for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                len += e.getKey().length() + e.getValue().length();
            }
            if (len > MAX_METADATA_LENGTH) {
                throw invalid("stream metadata exceeds maximum size of " + MAX_METADATA_LENGTH + " bytes");
            }
        }
        StorageType storage = c.storage() == null ? StorageType.FILE : c.storage();
        long replicas = c.replicas() == 0 ? 1 : c.replicas();
        if (replicas > MAX_REPLICAS) {
            throw invalid("maximum replicas is " + MAX_REPLICAS);
        }
        if (replicas < 0) {
            throw JsApiError.REPLICAS_COUNT_CANNOT_BE_NEGATIVE.exception();
        }
        if (c.maxAgeNanos() < 0) {
            throw invalid("max age can not be negative");
        }
        long dup = c.duplicateWindowNanos();
        if (dup == 0
                && c.mirror() == null
                && (c.sources() == null || c.sources().isEmpty())) {
            dup = c.maxAgeNanos() != 0 && c.maxAgeNanos() < StreamConfig.DEFAULT_DUPLICATE_WINDOW_NANOS
                    ? c.maxAgeNanos()
                    : StreamConfig.DEFAULT_DUPLICATE_WINDOW_NANOS;
        }
        StreamConfig n = c.withLimits(
                zeroToUnlimited(c.maxConsumers()),
                zeroToUnlimited(c.maxMsgs()),
                zeroToUnlimited(c.maxBytes()),
                zeroToUnlimited(c.maxMsgsPerSubject()),
                zeroToUnlimited(c.maxMsgSize()),
                dup,
                replicas,
                storage);
        if (n.maxAgeNanos() > 0 && n.maxAgeNanos() < MIN_WINDOW_NANOS) {
            throw invalid("max age needs to be >= 100ms");
        }
        if (n.duplicateWindowNanos() < 0) {
            throw invalid("duplicates window can not be negative");
        }
        if (n.maxAgeNanos() != 0 && n.duplicateWindowNanos() > n.maxAgeNanos()) {
            throw invalid("duplicates window can not be larger then max age");
        }
        if (n.duplicateWindowNanos() > 0 && n.duplicateWindowNanos() < MIN_WINDOW_NANOS) {
            throw invalid("duplicates window needs to be >= 100ms");
        }
        if (n.denyPurge() && n.allowRollup()) {
            throw invalid("roll-ups require the purge permission");
        }
        MessageFeatureRules.checkCounter(n);
        checkDiscardNewPerSubject(n);
        n = checkDeleteMarkers(n);
        n = MessageFeatureRules.checkSchedules(n);
        MessageFeatureRules.checkPersistMode(n);
        checkUnsupported(n);
        ReplicationRules.check(n);
        if (n.subjects().isEmpty()
                && n.mirror() == null
                && (n.sources() == null || n.sources().isEmpty())) {
            n = n.withSubjects(List.of(n.name()));
        } else if (!n.subjects().isEmpty()) {
            checkSubjects(n);
        }
        return n;
    }

    /**
     * Checks what an update may change and returns the configuration to apply (adjusted when it seals the
     * stream). {@code requested} must already be {@link #normalize normalized}.
     */
    public static StreamConfig checkUpdate(StreamConfig old, StreamConfig requested) {
        StreamConfig c = requested;
        if (!c.name().equals(old.name())) {
            throw invalid("stream configuration name must match original");
        }
        if (c.maxConsumers() != old.maxConsumers()) {
            throw invalid("stream configuration update can not change MaxConsumers");
        }
        if (c.storage() != old.storage()) {
            throw invalid("stream configuration update can not change storage type");
        }
        if (c.retention() != old.retention()
                && (old.retention() == RetentionPolicy.WORK_QUEUE || c.retention() == RetentionPolicy.WORK_QUEUE)) {
            throw invalid("stream configuration update can not change retention policy to/from workqueue");
        }
        if (old.templateOwner() != null) {
            throw invalid("stream configuration update not allowed on template owned stream");
        }
        if (c.templateOwner() != null) {
            throw invalid("stream configuration update can not be owned by a template");
        }
        if (!c.sealed() && old.sealed()) {
            throw invalid("stream configuration update can not unseal a sealed stream");
        }
        if (!c.denyDelete() && old.denyDelete()) {
            throw invalid("stream configuration update can not cancel deny message deletes");
        }
        if (!c.denyPurge() && old.denyPurge()) {
            throw invalid("stream configuration update can not cancel deny purge");
        }
        if (!Objects.equals(c.mirror(), old.mirror())) {
            throw JsApiError.STREAM_MIRROR_NOT_UPDATABLE.exception();
        }
        if (c.replicas() != old.replicas()) {
            throw JsApiError.STREAM_REPLICAS_NOT_SUPPORTED.exception();
        }
        checkDiscardNewPerSubject(c);
        if (old.allowMsgTtl() && !c.allowMsgTtl()) {
            throw invalid("message TTL status can not be disabled");
        }
        MessageFeatureRules.checkUpdate(old, c);
        return c.sealed() ? c.sealedCopy() : c;
    }

    /** Fails with {@link JsApiError#STREAM_SUBJECT_OVERLAP} when any subject overlaps one of {@code others}. */
    public static void checkNoOverlap(List<String> subjects, Collection<String> others) {
        if (SubjectOverlaps.anyOverlap(subjects, others)) {
            throw JsApiError.STREAM_SUBJECT_OVERLAP.exception();
        }
    }

    private static void checkDiscardNewPerSubject(StreamConfig c) {
        if (c.discardNewPerSubject()) {
            if (c.discard() != DiscardPolicy.NEW) {
                throw invalid("discard new per subject requires discard new policy to be set");
            }
            if (c.maxMsgsPerSubject() <= 0) {
                throw invalid("discard new per subject requires max msgs per subject > 0");
            }
        }
    }

    private static void checkUnsupported(StreamConfig c) {
        // everything refused here before is supported now; kept as the place for fields not supported yet
    }

    /** {@code subject_delete_marker_ttl}: at least a second; turns on TTLs and roll-ups (pedantic is not honoured). */
    private static StreamConfig checkDeleteMarkers(StreamConfig c) {
        long ttl = c.subjectDeleteMarkerTtlNanos();
        if (ttl < 0) {
            throw invalid("subject delete marker TTL must not be negative");
        }
        if (ttl == 0) {
            return c;
        }
        if (ttl < 1_000_000_000L) {
            throw invalid("subject delete marker TTL must be at least 1 second");
        }
        if (c.mirror() != null) {
            throw invalid("subject delete markers forbidden on mirrors");
        }
        return c.allowMsgTtl() && c.allowRollup() && !c.denyPurge() ? c : c.withMarkerFlags();
    }

    private static void checkSubjects(StreamConfig c) {
        Set<String> seen = new HashSet<>();
        for (String s : c.subjects()) {
            if (!Subjects.isValidSubscribeSubject(s)) {
                throw invalid("invalid subject");
            }
            if (!seen.add(s)) {
                throw invalid("duplicate subjects detected");
            }
            if (s.equals(">")) {
                if (!c.noAck()) {
                    throw invalid("capturing all subjects requires no-ack to be true");
                }
                if (c.replicas() != 1) {
                    throw invalid("capturing all subjects requires replicas of 1");
                }
            }
            if (!c.noAck()) {
                for (String ns : new String[] {"$JS.>", "$JSC.>", "$NRG.>"}) {
                    if (Subjects.overlaps(s, ns) && !Subjects.isSubsetOf(s, "$JS.EVENT.>")) {
                        throw invalid("subjects that overlap with jetstream api require no-ack to be true");
                    }
                }
                if (Subjects.overlaps(s, "$SYS.>") && !Subjects.isSubsetOf(s, "$SYS.ACCOUNT.>")) {
                    throw invalid("subjects that overlap with system api require no-ack to be true");
                }
            }
        }
        if (!SubjectOverlaps.anyOverlapWithin(c.subjects())) {
            return;
        }
        for (String s : c.subjects()) {
            for (String t : c.subjects()) {
                if (!s.equals(t) && Subjects.overlaps(s, t)) {
                    throw invalid("subject \"" + s + "\" overlaps with \"" + t + "\"");
                }
            }
        }
    }

    private static long zeroToUnlimited(long v) {
        return v == 0 ? -1 : v;
    }

    static ApiException invalid(String text) {
        return JsApiError.STREAM_INVALID_CONFIG.exception(text);
    }
}
