package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.routing.SubjectTransform;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The checks {@code nats-server} applies to {@code mirror}, {@code sources}, {@code subject_transform} and
 * {@code republish} of a stream configuration (its {@code checkStreamCfg}), with its error codes and texts.
 */
public final class ReplicationRules {

    private ReplicationRules() {}

    /** Checks the mirror, sources, stream transform and republish of a configuration; throws the server's error. */
    static void check(StreamConfig c) {
        if (c.mirror() != null) {
            checkMirror(c, StreamSource.of(c.mirror()));
        }
        MessageFeatureRules.checkSources(c);
        checkSources(c);
        checkSubjectTransform(c.subjectTransform());
        checkRepublish(c);
    }

    private static void checkMirror(StreamConfig c, StreamSource m) {
        if (c.firstSeq() > 0) {
            throw error(400, 10143, "stream mirrors can not have first sequence configured");
        }
        if (!c.subjects().isEmpty()) {
            throw mirrorWithSubjects();
        }
        if (c.sources() != null && c.sources().size() > 0) {
            throw error(400, 10031, "stream mirrors can not also contain other sources");
        }
        MessageFeatureRules.checkMirror(c);
        SourceConsumerRules.checkMirror(c.mirror());
        if (!m.filterSubject().isEmpty() && !m.transforms().isEmpty()) {
            throw error(400, 10150, "mirror with multiple subject transforms cannot also have a single subject filter");
        }
        if (c.subjectDeleteMarkerTtlNanos() > 0) {
            throw StreamConfigRules.invalid("subject delete markers forbidden on mirrors");
        }
        List<StreamSource.Transform> trs = m.transforms();
        for (int i = 0; i < trs.size(); i++) {
            StreamSource.Transform tr = trs.get(i);
            if (!tr.source().isEmpty() && !Subjects.isValidSubscribeSubject(tr.source())) {
                throw error(400, 10151, "mirror transform source: invalid subject " + tr.source());
            }
            String problem = mappingProblem(tr.source(), tr.destination());
            if (problem != null) {
                throw error(400, 10154, "mirror transform: " + problem);
            }
            for (int j = 0; j < trs.size(); j++) {
                if (i != j
                        && Subjects.overlaps(
                                orAll(tr.source()), orAll(trs.get(j).source()))) {
                    throw error(400, 10152, "mirror subject filters can not overlap");
                }
            }
        }
        if (!m.isExternal()) {
            if (!StreamConfigRules.isValidName(m.name())) {
                throw error(400, 10142, "mirrored stream name is invalid");
            }
        } else {
            checkExternal(m);
        }
    }

    private static void checkSources(StreamConfig c) {
        if (c.sources() == null) {
            return;
        }
        Set<String> inames = new HashSet<>();
        Set<String> consumers = new HashSet<>();
        int index = 0;
        for (StreamSource s : StreamSource.list(c.sources())) {
            JsonNode raw = c.sources().get(index++);
            if (s == null || !StreamConfigRules.isValidName(s.name())) {
                throw error(400, 10141, "sourced stream name is invalid");
            }
            if (!inames.add(s.indexName())) {
                throw error(400, 10140, "duplicate source configuration detected");
            }
            if (!s.filterSubject().isEmpty() && !s.transforms().isEmpty()) {
                throw error(
                        400, 10144, "source with multiple subject transforms cannot also have a single subject filter");
            }
            for (StreamSource.Transform tr : s.transforms()) {
                if (!tr.source().isEmpty() && !Subjects.isValidSubscribeSubject(tr.source())) {
                    throw error(400, 10145, "source transform source: invalid subject " + tr.source());
                }
                String problem = mappingProblem(tr.source(), tr.destination());
                if (problem != null) {
                    throw error(400, 10146, "source transform: " + problem);
                }
            }
            for (StreamSource.Transform a : s.transforms()) {
                for (StreamSource.Transform b : s.transforms()) {
                    if (a != b && Subjects.isSubsetOf(orAll(a.source()), orAll(b.source()))) {
                        throw error(400, 10147, "source filters can not overlap");
                    }
                }
            }
            SourceConsumerRules.checkSource(raw, s, consumers);
            if (s.isExternal()) {
                checkExternal(s);
            }
            if (!s.isExternal() && s.name().equals(c.name())) {
                throw StreamConfigRules.invalid("detected cycle");
            }
        }
    }

    private static void checkExternal(StreamSource s) {
        String deliver = s.deliverPrefix();
        if (deliver != null && !deliver.isEmpty() && !Subjects.isValidPublishSubject(deliver)) {
            throw error(400, 10024, "stream external delivery prefix " + deliver + " must not contain wildcards");
        }
        String api = s.apiPrefix();
        if (!api.isEmpty()) {
            if (!Subjects.isValidPublishSubject(api)) {
                throw StreamConfigRules.invalid(
                        "stream external api prefix \"" + api + "\" must be a valid subject without wildcards");
            }
            if (Subjects.overlaps(api + ".>", "$JS.API.>") || api.equals("$JS.API")) {
                throw error(400, 10021, "stream external api prefix " + api + " must not overlap with $JS.API");
            }
        }
    }

    private static void checkSubjectTransform(JsonNode t) {
        if (t == null) {
            return;
        }
        String src = text(t, "src");
        String dest = text(t, "dest");
        if (!src.isEmpty() && !Subjects.isValidSubscribeSubject(src)) {
            throw error(400, 10155, "stream transform source: invalid subject " + src);
        }
        String problem = mappingProblem(src, dest);
        if (problem != null) {
            throw error(400, 10156, "stream transform: " + problem);
        }
    }

    private static void checkRepublish(StreamConfig c) {
        JsonNode r = c.republish();
        if (r == null) {
            return;
        }
        String src = orAll(text(r, "src"));
        String dest = text(r, "dest");
        for (String s : c.subjects()) {
            if (Subjects.overlaps(orAll(dest), s)) {
                throw StreamConfigRules.invalid("stream configuration for republish destination forms a cycle");
            }
        }
        if (mappingProblem(src, dest) != null || dest.isEmpty()) {
            throw StreamConfigRules.invalid(
                    "stream configuration for republish with transform from '" + src + "' to '" + dest + "' not valid");
        }
    }

    /** The mirror error for a configuration with subjects. */
    static ApiException mirrorWithSubjects() {
        return error(400, 10034, "stream mirrors can not contain subjects");
    }

    /** Why a transform from {@code src} to {@code dest} is invalid, or {@code null} when it is fine. */
    private static String mappingProblem(String src, String dest) {
        String s = orAll(src);
        if (dest.isEmpty()) {
            return null;
        }
        if (!Subjects.isValidSubscribeSubject(s)) {
            return "invalid subject " + s;
        }
        if (!Subjects.isValidSubscribeSubject(dest) && !dest.contains("{{")) {
            return "invalid subject";
        }
        try {
            SubjectTransform.of(s, dest);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** A transform for a stream source / republish entry; {@code >} stands for empty parts. */
    public static SubjectTransform transform(String src, String dest) {
        String s = orAll(src);
        return SubjectTransform.of(s, dest.isEmpty() ? s : dest);
    }

    private static String orAll(String s) {
        return s == null || s.isEmpty() ? ">" : s;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    private static ApiException error(int code, int errCode, String text) {
        return new ApiException(new ApiError(code, errCode, text));
    }
}
