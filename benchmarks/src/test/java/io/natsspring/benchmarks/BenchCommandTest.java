package io.natsspring.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void pairsUrlsLabelsAndPidsIntoTargetsInOrder() {
        BenchOptions o = BenchCommand.parse(
                "--url",
                "nats://a:1",
                "--label",
                "nats-server",
                "--server-pid",
                "11",
                "--url=nats://b:2",
                "--label=ours",
                "--scenario",
                "pub_only,kv_get",
                "--size",
                "16,1024",
                "--msgs",
                "500",
                "--rounds",
                "3");
        assertThat(o.targets())
                .containsExactly(new Target("nats-server", "nats://a:1", "11"), new Target("ours", "nats://b:2", null));
        assertThat(o.scenarios()).extracting(s -> s.name()).containsExactly("pub_only", "kv_get");
        assertThat(o.sizesFor(o.scenarios().get(1))).containsExactly(16, 1024);
        assertThat(o.measure().msgs()).isEqualTo(500);
        assertThat(o.rounds()).isEqualTo(3);
    }

    @Test
    void defaultsToOneLocalServerTwoSecondsAndEachScenariosOwnSizes() {
        BenchOptions o = BenchCommand.parse();
        assertThat(o.targets()).containsExactly(new Target("server", "nats://127.0.0.1:4222", null));
        assertThat(o.measure().nanos()).isEqualTo(2_000_000_000L);
        assertThat(o.sizesFor(o.scenarios().get(0)))
                .isEqualTo(o.scenarios().get(0).defaultSizes());
        assertThat(o.warmup().nanos()).isEqualTo(500_000_000L);
        assertThat(o.asyncWindow()).isEqualTo(256);
        assertThat(o.pauseMillis()).isEqualTo(200);
    }

    /** What benchmarks/compare.sh passes. */
    @Test
    void acceptsTheComparisonScriptsArguments() {
        BenchOptions o = BenchCommand.parse(
                "--url",
                "nats://127.0.0.1:4001",
                "--label",
                "nats-server",
                "--server-pid",
                "101",
                "--url",
                "nats://127.0.0.1:4002",
                "--label",
                "ours",
                "--server-pid",
                "102",
                "--rounds",
                "3",
                "--seconds",
                "1.5",
                "--warmup-seconds",
                "0.5",
                "--scenario",
                "all",
                "--size",
                "128");
        assertThat(o.targets()).extracting(Target::label).containsExactly("nats-server", "ours");
        assertThat(o.measure().nanos()).isEqualTo(1_500_000_000L);
        assertThat(o.sizes()).containsExactly(128);
        BenchOptions warmup = BenchCommand.parse(
                "--url",
                "nats://a:1",
                "--label",
                "nats-server",
                "--url",
                "nats://b:2",
                "--label",
                "ours",
                "--size",
                "128",
                "--seconds",
                "1",
                "--warmup-seconds",
                "0",
                "--rounds",
                "1",
                "--scenario",
                "pub_only,pubsub_1to1");
        assertThat(warmup.warmup()).isNull();
    }

    @Test
    void rejectsWhatItCanNotRun() {
        assertThatThrownBy(() -> BenchCommand.parse("--scenario", "nope"))
                .hasMessageContaining("unknown scenario nope");
        assertThatThrownBy(() -> BenchCommand.parse("--size", "4")).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> BenchCommand.parse("--size", "x"))
                .hasMessageContaining("--size needs a whole number: x");
        assertThatThrownBy(() -> BenchCommand.parse("--msgs", "1", "--seconds", "1"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> BenchCommand.parse("--server-pid", "x")).hasMessageContaining("process id");
        assertThatThrownBy(() -> BenchCommand.parse("--rounds", "0")).hasMessageContaining("--rounds must be positive");
        assertThatThrownBy(() -> BenchCommand.parse("--rounds", "x")).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> BenchCommand.parse("--bogus")).hasMessageContaining("Unknown option: '--bogus'");
        assertThatThrownBy(() -> BenchCommand.parse("--url")).hasMessageContaining("--url");
    }

    @Test
    void helpPrintsEveryOptionAndBadOptionsExitWithOne() {
        StringWriter out = new StringWriter();
        CommandLine help = BenchMain.commandLine();
        help.setOut(new PrintWriter(out));
        assertThat(help.execute("--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "java -jar benchmarks.jar [options]",
                        "--url=URL",
                        "--label=NAME",
                        "--server-pid=PID",
                        "--scenario=LIST",
                        "--size=LIST",
                        "--msgs=N",
                        "--seconds=S",
                        "--warmup-seconds=S",
                        "--rounds=N",
                        "--window=N",
                        "--pause-ms=N",
                        "--list",
                        "-h, --help",
                        "Exit status");

        StringWriter err = new StringWriter();
        CommandLine bad = BenchMain.commandLine();
        bad.setErr(new PrintWriter(err));
        assertThat(bad.execute("--rounds", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("bench: --rounds must be positive: 0", "Usage:");
    }
}
