package io.natsspring.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
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

/** The "under load" scenarios run and verify against an embedded broker, load included (no figures judged). */
@Timeout(120)
class UnderLoadScenariosTest {

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
    void eachRunsUnderABackgroundLoadAndReportsItsRate() throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        ResourceMeter meter = new ResourceMeter(ProcFs.system(), pid, List.of(), 10_000_000L, 1);
        int run = 0;
        for (String name : List.of("reqrep_under_load", "js_pub_sync_under_load")) {
            Scenario scenario = Scenarios.named(name).orElseThrow();
            assertThat(Scenarios.all()).contains(scenario);
            assertThat(scenario.kind()).isEqualTo(Scenario.Kind.LATENCY_UNDER_LOAD);
            try (ScenarioContext context = new ScenarioContext(
                    "nats://127.0.0.1:" + broker.port(),
                    meter,
                    Budget.ofMessages(20),
                    Budget.ofSeconds(0.3),
                    64,
                    "u" + run++)) {
                Measurement m = scenario.run(context, 128);
                assertThat(m.msgs()).as(name).isPositive();
                assertThat(m.latency()).as(name).isNotNull();
                assertThat(Long.parseLong(m.extra().get("bg_msgs"))).as(name).isPositive();
                assertThat(m.extra())
                        .as(name)
                        .containsKeys("bg_msgs_per_sec", "bg_window", "server_cpu_ns_per_all_msg");
            }
        }
        try (Connection nc = Nats.connect("nats://127.0.0.1:" + broker.port())) {
            assertThat(nc.jetStreamManagement().getStreamNames())
                    .as("streams left behind")
                    .isEmpty();
        }
    }
}
