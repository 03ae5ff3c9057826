package io.natsspring.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.benchmarks.measure.ProcFs;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each scale scenario runs and verifies with a tiny population against an embedded broker (no figures judged). */
@Timeout(60)
class ScaleScenariosTest {

    @TempDir
    static Path store;

    private static NatsBroker broker;

    @BeforeAll
    static void start() {
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(store)
                        .build())
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void everyScaleScenarioRunsAndVerifiesWithASmallPopulation() throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        ResourceMeter meter = new ResourceMeter(ProcFs.system(), pid, List.of(), 10_000_000L, 1);
        int run = 0;
        for (Scenario scenario : Scenarios.scaleOf(200, 20, 3, 500)) {
            try (ScenarioContext context = new ScenarioContext(
                    "nats://127.0.0.1:" + broker.port(), meter, null, Budget.ofSeconds(0.3), 64, "t" + run++)) {
                Measurement m = scenario.run(context, 16);
                assertThat(m.msgs()).as(scenario.name()).isPositive();
                if (!scenario.name().equals("js_sustained")) {
                    assertThat(m.extra()).as(scenario.name()).containsKeys("rss_growth_kb", "threads_growth");
                }
            }
        }
    }

    @Test
    void scaleScenariosAreNamedByTheirPopulationAndKeptOutOfAll() {
        assertThat(Scenarios.scale())
                .extracting(Scenario::name)
                .containsExactly(
                        "scale_subs_100k", "scale_conns_10k", "scale_streams_500", "scale_kv_1m", "js_sustained");
        assertThat(Scenarios.all()).doesNotContainAnyElementsOf(Scenarios.scale());
        assertThat(Scenarios.named("scale_kv_1m")).isPresent();
    }
}
