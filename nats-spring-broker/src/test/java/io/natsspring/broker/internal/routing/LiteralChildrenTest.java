package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiteralChildrenTest {

    private final SubjectNode<TestSubscription> parent = new SubjectNode<>(null, null);

    @Test
    void findsAddsAndRemovesAChild() {
        LiteralChildren<TestSubscription> children = new LiteralChildren<>();
        SubjectNode<TestSubscription> a = new SubjectNode<>(parent, "a");
        assertThat(children.get("a")).isNull();
        children.add(a);
        assertThat(children.get("a")).isSameAs(a);
        assertThat(children.get(new String("a"))).isSameAs(a);
        assertThat(children.size()).isEqualTo(1);
        assertThat(children.remove(new SubjectNode<>(parent, "a")))
                .as("another node, same token")
                .isFalse();
        assertThat(children.remove(a)).isTrue();
        assertThat(children.get("a")).isNull();
        assertThat(children.size()).isZero();
    }

    @Test
    void agreesWithAHashMapUnderRandomAddsAndRemoves() {
        Random random = new Random(18);
        LiteralChildren<TestSubscription> children = new LiteralChildren<>();
        Map<String, SubjectNode<TestSubscription>> expected = new HashMap<>();
        for (int step = 0; step < 60_000; step++) {
            // few distinct tokens: long probe runs, many removals in the middle of them, growth and shrinking
            String token = Integer.toString(random.nextInt(step < 30_000 ? 5_000 : 300));
            SubjectNode<TestSubscription> present = expected.get(token);
            assertThat(children.get(token)).isSameAs(present);
            if (present == null) {
                SubjectNode<TestSubscription> node = new SubjectNode<>(parent, token);
                children.add(node);
                expected.put(token, node);
            } else if (random.nextInt(3) > 0) {
                assertThat(children.remove(present)).isTrue();
                expected.remove(token);
            }
            assertThat(children.size()).isEqualTo(expected.size());
        }
        for (Map.Entry<String, SubjectNode<TestSubscription>> e : expected.entrySet()) {
            assertThat(children.get(e.getKey())).isSameAs(e.getValue());
        }
        List<SubjectNode<TestSubscription>> all = new ArrayList<>();
        children.forEach(all::add);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected.values());
        for (SubjectNode<TestSubscription> node : new ArrayList<>(expected.values())) {
            assertThat(children.remove(node)).isTrue();
        }
        assertThat(children.size()).isZero();
    }
}
