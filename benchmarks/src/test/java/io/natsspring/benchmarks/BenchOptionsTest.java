package io.natsspring.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void pairsUrlsLabelsAndPidsIntoTargetsInOrder() {
        BenchOptions o = BenchOptions.parse("--url", "nats://a:1", "--label", "nats-server", "--server-pid", "11",
                "--url=nats://b:2", "--label=ours", "--scenario", "pub_only,kv_get", "--size", "16,1024", "--msgs", "500",
                "--rounds", "3");
        assertThat(o.targets()).containsExactly(new Target("nats-server", "nats://a:1", "11"), new Target("ours", "nats://b:2", null));
        assertThat(o.scenarios()).extracting(s -> s.name()).containsExactly("pub_only", "kv_get");
        assertThat(o.sizesFor(o.scenarios().get(1))).containsExactly(16, 1024);
        assertThat(o.measure().msgs()).isEqualTo(500);
        assertThat(o.rounds()).isEqualTo(3);
    }

    @Test
    void defaultsToOneLocalServerTwoSecondsAndEachScenariosOwnSizes() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.targets()).containsExactly(new Target("server", "nats://127.0.0.1:4222", null));
        assertThat(o.measure().nanos()).isEqualTo(2_000_000_000L);
        assertThat(o.sizesFor(o.scenarios().get(0))).isEqualTo(o.scenarios().get(0).defaultSizes());
    }

    @Test
    void rejectsWhatItCanNotRun() {
        assertThatThrownBy(() -> BenchOptions.parse("--scenario", "nope")).hasMessageContaining("unknown scenario nope");
        assertThatThrownBy(() -> BenchOptions.parse("--size", "4")).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> BenchOptions.parse("--msgs", "1", "--seconds", "1")).hasMessageContaining("not both");
        assertThatThrownBy(() -> BenchOptions.parse("--server-pid", "x")).hasMessageContaining("process id");
    }
}
