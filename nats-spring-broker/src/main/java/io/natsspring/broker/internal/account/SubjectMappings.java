package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.SubjectMapper;
import io.natsspring.broker.internal.routing.SubjectTransform;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An account's subject {@code mappings}: a published subject matching a source is rewritten to one of its
 * destinations, chosen by weight; when the weights add up to less than 100 the remainder keeps the subject, as in
 * {@code nats-server}. Literal sources are looked up in a map, wildcard sources tried in order. Immutable.
 */
final class SubjectMappings implements SubjectMapper {

    private final Map<String, Rule> literal = new HashMap<>();
    private final List<Rule> wildcard = new ArrayList<>();

    /** @throws IllegalArgumentException for an invalid source, destination or weights above 100 in total */
    SubjectMappings(Map<String, List<AccountSpec.Destination>> mappings) {
        for (Map.Entry<String, List<AccountSpec.Destination>> e : mappings.entrySet()) {
            String source = e.getKey();
            if (!Subjects.isValidSubscribeSubject(source)) {
                throw new IllegalArgumentException("invalid subject mapping source '" + source + "'");
            }
            Rule rule = new Rule(source, e.getValue());
            if (Subjects.hasWildcard(source)) {
                wildcard.add(rule);
            } else {
                literal.put(source, rule);
            }
        }
    }

    /** {@code null} when {@code mappings} is empty, else the mapper. */
    static SubjectMapper of(Map<String, List<AccountSpec.Destination>> mappings) {
        return mappings.isEmpty() ? null : new SubjectMappings(mappings);
    }

    @Override
    public String map(String subject) {
        Rule r = literal.get(subject);
        if (r == null) {
            for (Rule w : wildcard) {
                if (Subjects.matches(w.source, subject)) {
                    r = w;
                    break;
                }
            }
            if (r == null) {
                return null;
            }
        }
        return r.pick(subject);
    }

    private static final class Rule {
        final String source;
        final SubjectTransform[] transforms;
        final int[] upTo;

        Rule(String source, List<AccountSpec.Destination> destinations) {
            this.source = source;
            this.transforms = new SubjectTransform[destinations.size()];
            this.upTo = new int[destinations.size()];
            int total = 0;
            for (int i = 0; i < destinations.size(); i++) {
                AccountSpec.Destination d = destinations.get(i);
                if (!Subjects.isValidSubscribeSubject(d.subject().replaceAll("\\{\\{[^}]*}}", "x"))) {
                    throw new IllegalArgumentException(
                            "invalid subject mapping destination '" + d.subject() + "' for '" + source + "'");
                }
                transforms[i] = SubjectTransform.of(source, d.subject());
                total += d.weight();
                upTo[i] = total;
            }
            if (total > 100) {
                throw new IllegalArgumentException(
                        "subject mapping weights for '" + source + "' add up to " + total + "%, more than 100%");
            }
        }

        String pick(String subject) {
            if (transforms.length == 1 && upTo[0] == 100) {
                return transforms[0].apply(subject);
            }
            int roll = ThreadLocalRandom.current().nextInt(100);
            for (int i = 0; i < upTo.length; i++) {
                if (roll < upTo[i]) {
                    return transforms[i].apply(subject);
                }
            }
            return null;
        }
    }
}
