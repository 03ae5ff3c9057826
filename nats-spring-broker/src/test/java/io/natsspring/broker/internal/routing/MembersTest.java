package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembersTest {

    @Test
    void oneMemberIsHeldWithoutACollection() {
        TestSubscription a = TestSubscription.plain("a");
        Object holder = Members.add(null, a);
        assertThat(holder).isSameAs(a);
        assertThat(Members.contains(holder, a)).isTrue();
        assertThat(Members.contains(holder, TestSubscription.plain("a")))
                .as("an equal record is another subscription")
                .isFalse();
        assertThat(Members.contains(null, a)).isFalse();
        assertThat(Members.remove(holder, a)).isNull();
    }

    @Test
    void growsToASetAndShrinksBackToTheLastMember() {
        TestSubscription a = TestSubscription.plain("a");
        TestSubscription b = TestSubscription.plain("a");
        TestSubscription c = TestSubscription.plain("a");
        Object holder = Members.add(Members.add(Members.add(null, a), b), c);
        assertThat(Members.contains(holder, a)).isTrue();
        assertThat(Members.contains(holder, b)).isTrue();
        assertThat(Members.contains(holder, c)).isTrue();
        List<TestSubscription> all = new ArrayList<>();
        Members.addTo(holder, all);
        assertThat(all).hasSize(3).containsExactlyInAnyOrder(a, b, c);
        List<TestSubscription> visited = new ArrayList<>();
        Members.<TestSubscription>forEach(holder, visited::add);
        assertThat(visited).hasSize(3);

        holder = Members.remove(holder, b);
        assertThat(Members.contains(holder, b)).isFalse();
        holder = Members.remove(holder, a);
        assertThat(holder).isSameAs(c);
        assertThat(Members.remove(holder, c)).isNull();
    }
}
