package io.natsspring.broker.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SidTableTest {

    private static ClientSubscription sub(String sid) {
        return new ClientSubscription(null, "foo." + sid, null, sid, null);
    }

    @Test
    void findsByTheSidStringAndRemovesOnlyThatObject() {
        SidTable table = new SidTable();
        ClientSubscription one = sub("1");
        table.add(one);
        assertThat(table.get("1")).isSameAs(one);
        assertThat(table.containsKey("1")).isTrue();
        assertThat(table.get("2")).isNull();
        assertThat(table.remove(sub("1")))
                .as("another subscription with the same sid")
                .isFalse();
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.remove(one)).isTrue();
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.remove("1")).isFalse();
    }

    @Test
    void aNonAsciiSidIsFoundAndGivenBack() {
        SidTable table = new SidTable();
        ClientSubscription s = sub("sïd-✓");
        table.add(s);
        assertThat(table.get("sïd-✓")).isSameAs(s);
        assertThat(s.sid()).isEqualTo("sïd-✓");
    }

    @Test
    void agreesWithAHashMapUnderRandomAddsAndRemoves() {
        Random random = new Random(18);
        SidTable table = new SidTable();
        Map<String, ClientSubscription> expected = new HashMap<>();
        for (int step = 0; step < 60_000; step++) {
            String sid = Integer.toString(random.nextInt(step < 30_000 ? 5_000 : 200));
            ClientSubscription present = expected.get(sid);
            assertThat(table.get(sid)).isSameAs(present);
            if (present == null) {
                ClientSubscription s = sub(sid);
                table.add(s);
                expected.put(sid, s);
            } else if (random.nextBoolean()) {
                assertThat(table.remove(sid)).isTrue();
                expected.remove(sid);
            } else if (random.nextBoolean()) {
                assertThat(table.remove(present)).isTrue();
                expected.remove(sid);
            }
            assertThat(table.size()).isEqualTo(expected.size());
        }
        assertThat(table.values()).containsExactlyInAnyOrderElementsOf(expected.values());
        table.clear();
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.get("1")).isNull();
    }
}
