package io.natsspring.boot.autoconfigure.validation;

import io.nats.client.api.DeliverPolicy;
import io.natsspring.boot.autoconfigure.ConsumerDeclaration;
import io.natsspring.boot.autoconfigure.KeyValueDeclaration;
import io.natsspring.boot.autoconfigure.NatsJetStreamProperties;
import io.natsspring.boot.autoconfigure.ObjectStoreDeclaration;
import io.natsspring.boot.autoconfigure.StreamDeclaration;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterStream;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterSubjectsCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * Checks the declarations under {@code nats.jetstream} against the rules nats-server applies, so that a mistake is
 * reported with its property path ({@code nats.jetstream.streams[0].max-age must not be negative}) before anything
 * is sent to the server.
 */
final class DeclarationValidator {

    /** nats-server's limit on stream and consumer replicas. */
    static final int MAX_REPLICAS = 5;

    /** nats-server's limit on the values kept per Key-Value key. */
    static final int MAX_HISTORY = 64;

    private static final String PREFIX = "nats.jetstream.";
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    private final List<String> problems = new ArrayList<>();

    private DeclarationValidator() {}

    /** Every problem found, each starting with the property path it is about; empty when all is valid. */
    static List<String> validate(NatsJetStreamProperties js) {
        DeclarationValidator v = new DeclarationValidator();
        Set<String> streamNames = new HashSet<>();
        for (int i = 0; i < js.getStreams().size(); i++) {
            v.stream(PREFIX + "streams[" + i + "]", js.getStreams().get(i), streamNames);
        }
        Set<String> durables = new HashSet<>();
        for (int i = 0; i < js.getConsumers().size(); i++) {
            v.consumer(PREFIX + "consumers[" + i + "]", js.getConsumers().get(i), durables);
        }
        Set<String> buckets = new HashSet<>();
        for (int i = 0; i < js.getKeyValue().size(); i++) {
            v.keyValue(PREFIX + "key-value[" + i + "]", js.getKeyValue().get(i), buckets);
        }
        Set<String> objectBuckets = new HashSet<>();
        for (int i = 0; i < js.getObjectStore().size(); i++) {
            v.objectStore(
                    PREFIX + "object-store[" + i + "]", js.getObjectStore().get(i), objectBuckets);
        }
        v.deadLetter(PREFIX + "dead-letter", js.getDeadLetter());
        if (DeadLetterStream.isEnabled(js)) {
            v.deadLetterStreamCaptures(js);
        }
        return List.copyOf(v.problems);
    }

    private void stream(String path, StreamDeclaration s, Set<String> names) {
        if (name(path + ".name", s.getName(), "stream") && !names.add(s.getName())) {
            problems.add(path + ".name: stream '" + s.getName() + "' is declared twice");
        }
        for (int j = 0; j < s.getSubjects().size(); j++) {
            subject(path + ".subjects[" + j + "]", s.getSubjects().get(j), true);
        }
        replicas(path + ".replicas", s.getReplicas());
        notNegative(path + ".max-age", s.getMaxAge());
        notNegative(path + ".duplicate-window", s.getDuplicateWindow());
        if (s.getMaxAge() != null
                && s.getDuplicateWindow() != null
                && !s.getMaxAge().isZero()
                && s.getDuplicateWindow().compareTo(s.getMaxAge()) > 0) {
            problems.add(path + ".duplicate-window (" + s.getDuplicateWindow() + ") must not be longer than max-age ("
                    + s.getMaxAge() + ")");
        }
        limit(path + ".max-msgs", s.getMaxMsgs());
        limit(path + ".max-msgs-per-subject", s.getMaxMsgsPerSubject());
        limit(path + ".max-consumers", s.getMaxConsumers());
        size(path + ".max-bytes", s.getMaxBytes());
        size(path + ".max-msg-size", s.getMaxMsgSize());
        if (s.getMaxMsgSize() != null && s.getMaxMsgSize().toBytes() > Integer.MAX_VALUE) {
            problems.add(path + ".max-msg-size must be at most " + Integer.MAX_VALUE + " bytes");
        }
    }

    private void consumer(String path, ConsumerDeclaration c, Set<String> durables) {
        name(path + ".stream", c.getStream(), "stream");
        if (name(path + ".durable", c.getDurable(), "durable consumer")
                && c.getStream() != null
                && !durables.add(c.getStream() + "/" + c.getDurable())) {
            problems.add(path + ".durable: consumer '" + c.getDurable() + "' of stream '" + c.getStream()
                    + "' is declared twice");
        }
        for (int j = 0; j < c.getFilterSubjects().size(); j++) {
            subject(path + ".filter-subjects[" + j + "]", c.getFilterSubjects().get(j), true);
        }
        if (c.getReplicas() != null && (c.getReplicas() < 0 || c.getReplicas() > MAX_REPLICAS)) {
            problems.add(path + ".replicas must be between 0 (the stream's) and " + MAX_REPLICAS + " (was "
                    + c.getReplicas() + ")");
        }
        if (c.getAckWait() != null
                && (c.getAckWait().isNegative() || c.getAckWait().isZero())) {
            problems.add(path + ".ack-wait must be positive (was " + c.getAckWait() + ")");
        }
        Long maxDeliver = c.getMaxDeliver();
        if (maxDeliver != null && maxDeliver < -1) {
            problems.add(path + ".max-deliver must be -1 (unlimited) or at least 1 (was " + maxDeliver + ")");
        }
        for (int j = 0; j < c.getBackoff().size(); j++) {
            Duration d = c.getBackoff().get(j);
            if (d == null || d.isNegative() || d.isZero()) {
                problems.add(path + ".backoff[" + j + "] must be positive (was " + d + ")");
            }
        }
        if (!c.getBackoff().isEmpty()
                && maxDeliver != null
                && maxDeliver > 0
                && c.getBackoff().size() > maxDeliver) {
            problems.add(path + ".backoff has " + c.getBackoff().size() + " delays but max-deliver is " + maxDeliver
                    + ": nats-server requires max-deliver to be at least the number of backoff delays");
        }
        if (c.getDeliverPolicy() == DeliverPolicy.ByStartSequence
                && (c.getStartSequence() == null || c.getStartSequence() < 1)) {
            problems.add(path + ".start-sequence must be set (at least 1) when deliver-policy is by_start_sequence");
        }
        if (c.getStartSequence() != null && c.getDeliverPolicy() != DeliverPolicy.ByStartSequence) {
            problems.add(path + ".start-sequence is only allowed with deliver-policy by_start_sequence");
        }
        if (c.getDeliverPolicy() == DeliverPolicy.ByStartTime) {
            problems.add(path + ".deliver-policy by_start_time needs a start time, which declarations cannot set;"
                    + " declare the consumer as a ConsumerConfiguration bean instead");
        }
        limit(path + ".max-ack-pending", c.getMaxAckPending());
        if (c.getDeliverSubject() != null) {
            subject(path + ".deliver-subject", c.getDeliverSubject(), false);
            if (c.getMaxWaiting() != null) {
                problems.add(path + ".max-waiting is only allowed for pull consumers (deliver-subject is set)");
            }
        } else if (c.getDeliverGroup() != null) {
            problems.add(path + ".deliver-group requires deliver-subject (a push consumer)");
        }
        if (c.getMaxWaiting() != null && c.getMaxWaiting() < 1) {
            problems.add(path + ".max-waiting must be at least 1 (was " + c.getMaxWaiting() + ")");
        }
    }

    private void keyValue(String path, KeyValueDeclaration kv, Set<String> names) {
        if (bucket(path + ".name", kv.getName()) && !names.add(kv.getName())) {
            problems.add(path + ".name: bucket '" + kv.getName() + "' is declared twice");
        }
        if (kv.getHistory() != null && (kv.getHistory() < 1 || kv.getHistory() > MAX_HISTORY)) {
            problems.add(path + ".history must be between 1 and " + MAX_HISTORY + " (was " + kv.getHistory() + ")");
        }
        notNegative(path + ".ttl", kv.getTtl());
        size(path + ".max-bucket-size", kv.getMaxBucketSize());
        size(path + ".max-value-size", kv.getMaxValueSize());
        replicas(path + ".replicas", kv.getReplicas());
    }

    private void objectStore(String path, ObjectStoreDeclaration os, Set<String> names) {
        if (bucket(path + ".name", os.getName()) && !names.add(os.getName())) {
            problems.add(path + ".name: bucket '" + os.getName() + "' is declared twice");
        }
        notNegative(path + ".ttl", os.getTtl());
        size(path + ".max-bucket-size", os.getMaxBucketSize());
        replicas(path + ".replicas", os.getReplicas());
    }

    private void deadLetter(String path, NatsJetStreamProperties.DeadLetter dl) {
        name(path + ".stream", dl.getStream(), "stream");
        subject(path + ".subject-prefix", dl.getSubjectPrefix(), false);
        notNegative(path + ".max-age", dl.getMaxAge());
        replicas(path + ".replicas", dl.getReplicas());
    }

    /** A declared stream named like the dead-letter stream must capture the dead letters' subjects. */
    private void deadLetterStreamCaptures(NatsJetStreamProperties js) {
        String pattern = js.getDeadLetter().getSubjectPrefix() + ".>";
        for (int i = 0; i < js.getStreams().size(); i++) {
            StreamDeclaration s = js.getStreams().get(i);
            if (js.getDeadLetter().getStream().equals(s.getName())
                    && !s.getSubjects().isEmpty()
                    && s.getSubjects().stream()
                            .noneMatch(subject -> DeadLetterSubjectsCheck.covers(subject, pattern))) {
                problems.add(
                        PREFIX + "streams[" + i + "].subjects " + s.getSubjects() + " do not capture the dead letters"
                                + " (" + pattern + "), but the stream is the dead-letter stream (" + PREFIX
                                + "dead-letter.stream):"
                                + " add " + pattern + " or set " + PREFIX + "dead-letter.stream to another name");
            }
        }
    }

    /** A stream or consumer name as nats-server accepts it: no whitespace, '.', '*', '>' or path separators. */
    private boolean name(String path, String value, String what) {
        if (value == null || value.isBlank()) {
            problems.add(path + " is required: the " + what + " name");
            return false;
        }
        for (char ch : value.toCharArray()) {
            if (Character.isWhitespace(ch) || ch == '.' || ch == '*' || ch == '>' || ch == '/' || ch == '\\') {
                problems.add(path + " '" + value + "' is not a valid " + what + " name: it must not contain"
                        + " whitespace, '.', '*', '>', '/' or '\\'");
                return false;
            }
        }
        return true;
    }

    private boolean bucket(String path, String value) {
        if (value == null || value.isBlank()) {
            problems.add(path + " is required: the bucket name");
            return false;
        }
        if (!BUCKET_NAME.matcher(value).matches()) {
            problems.add(path + " '" + value + "' is not a valid bucket name: only letters, digits, '-' and '_'");
            return false;
        }
        return true;
    }

    /** A subject: dot-separated non-empty tokens without whitespace; '*' and '>' only as whole tokens, '>' last. */
    private void subject(String path, String value, boolean wildcards) {
        if (value == null || value.isEmpty()) {
            problems.add(path + " must not be empty");
            return;
        }
        String[] tokens = value.split("\\.", -1);
        for (int t = 0; t < tokens.length; t++) {
            String token = tokens[t];
            boolean invalid = token.isEmpty()
                    || token.chars().anyMatch(Character::isWhitespace)
                    || (token.length() > 1 && (token.contains("*") || token.contains(">")))
                    || (token.equals(">") && t != tokens.length - 1);
            if (invalid) {
                problems.add(path + " '" + value + "' is not a valid subject");
                return;
            }
            if (!wildcards && (token.equals("*") || token.equals(">"))) {
                problems.add(path + " '" + value + "' must not contain wildcards");
                return;
            }
        }
    }

    private void replicas(String path, Integer replicas) {
        if (replicas != null && (replicas < 1 || replicas > MAX_REPLICAS)) {
            problems.add(path + " must be between 1 and " + MAX_REPLICAS + " (was " + replicas + ")");
        }
    }

    private void notNegative(String path, Duration value) {
        if (value != null && value.isNegative()) {
            problems.add(path + " must not be negative (was " + value + ")");
        }
    }

    private void limit(String path, Long value) {
        if (value != null && value < -1) {
            problems.add(path + " must be -1 (unlimited) or more (was " + value + ")");
        }
    }

    private void size(String path, DataSize value) {
        if (value != null && value.isNegative() && value.toBytes() != -1) {
            problems.add(path + " must be -1 (unlimited) or more (was " + value + ")");
        }
    }
}
