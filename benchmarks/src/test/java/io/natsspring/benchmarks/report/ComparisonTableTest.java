package io.natsspring.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    private static ResultLine line(String text) {
        return ResultLine.parse(text).orElseThrow();
    }

    @Test
    void resultLinesRoundTripAndNeverHoldSpaces() {
        ResultLine l = new ResultLine()
                .with("scenario", "pub_only")
                .with("reason", "no reply to request 7")
                .with("secs", 1.23456, 2);
        assertThat(l.toString()).isEqualTo("RESULT scenario=pub_only reason=no_reply_to_request_7 secs=1.23");
        assertThat(ResultLine.parse(l.toString()).orElseThrow().fields()).isEqualTo(l.fields());
        assertThat(ResultLine.parse("[INFO] something")).isEmpty();
    }

    @Test
    void theStartupRowsNameTheirAnswer() {
        List<ResultLine> lines = Stream.of(
                        "RESULT scenario=startup kind=startup target=nats-server round=1 size=0 status=ok startup_ms=20",
                        "RESULT scenario=startup kind=startup target=ours round=1 size=0 status=ok startup_ms=200",
                        "RESULT scenario=startup_js kind=startup_js target=nats-server round=1 size=0 status=ok startup_ms=25",
                        "RESULT scenario=startup_js kind=startup_js target=ours round=1 size=0 status=ok startup_ms=250")
                .map(ComparisonTableTest::line)
                .toList();

        List<ComparisonRow> rows = new ComparisonTable("nats-server", "ours", 10).rows(lines);

        assertThat(rows).extracting(ComparisonRow::metric).containsExactly(Metric.STARTUP, Metric.FIRST_JS_ANSWER);
        assertThat(rows.get(1).metric().label()).isEqualTo("ms to first $JS.API.INFO answer");
        assertThat(rows.get(1).ratio()).isCloseTo(0.1, within(1e-9));
        assertThat(Metric.forKind("startup_pong")).containsExactly(Metric.FIRST_PONG);
        assertThat(Metric.forKind("startup_stream")).containsExactly(Metric.FIRST_STREAM_CREATED);
    }

    @Test
    void medianAndSpread() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(Stats.spreadPercent(List.of(90.0, 100.0, 110.0))).isCloseTo(20.0, within(1e-9));
        assertThat(Stats.spreadPercent(List.of(5.0))).isZero();
    }

    @Test
    void ratiosFavourHigherThroughputAndLowerLatencyAndFlagFailuresAndDisturbance() {
        List<ResultLine> lines = Stream.of(
                        "RESULT scenario=pubsub_1to1 kind=throughput target=nats-server round=1 size=128 status=ok msgs_per_sec=100 server_cpu_ns_per_msg=700 other_cpu_pct=2 server_rss_kb=1000",
                        "RESULT scenario=pubsub_1to1 kind=throughput target=ours round=1 size=128 status=ok msgs_per_sec=150 server_cpu_ns_per_msg=1400 other_cpu_pct=30 server_rss_kb=5000",
                        "RESULT scenario=pubsub_1to1 kind=throughput target=nats-server round=2 size=128 status=ok msgs_per_sec=120 server_cpu_ns_per_msg=700 other_cpu_pct=1",
                        "RESULT scenario=pubsub_1to1 kind=throughput target=ours round=2 size=128 status=violation reason=lost",
                        "RESULT scenario=kv_get kind=latency target=nats-server round=1 size=128 status=ok p50_us=20 p99_us=40 p999_us=80 server_cpu_ns_per_msg=9000",
                        "RESULT scenario=kv_get kind=latency target=ours round=1 size=128 status=unsupported reason=no_jetstream")
                .map(ComparisonTableTest::line)
                .toList();

        List<ComparisonRow> rows = new ComparisonTable("nats-server", "ours", 10).rows(lines);

        ComparisonRow throughput = rows.get(0);
        assertThat(throughput.metric()).isEqualTo(Metric.MSGS_PER_SEC);
        assertThat(throughput.baseline()).isEqualTo(110.0);
        assertThat(throughput.candidate()).isEqualTo(150.0);
        assertThat(throughput.ratio()).isCloseTo(150.0 / 110.0, within(1e-9));
        assertThat(throughput.failedRuns()).isEqualTo(1);
        assertThat(throughput.disturbedRuns()).isEqualTo(1);
        assertThat(throughput.runs()).isEqualTo(3);

        ComparisonRow cpu = rows.get(1);
        assertThat(cpu.metric()).isEqualTo(Metric.SERVER_CPU);
        assertThat(cpu.ratio()).isCloseTo(0.5, within(1e-9));

        ComparisonRow latency = rows.get(2);
        assertThat(latency.metric()).isEqualTo(Metric.P50);
        assertThat(latency.candidateNote()).isEqualTo("unsupported");
        assertThat(latency.ratio()).isNaN();

        ComparisonRow rss = rows.get(rows.size() - 1);
        assertThat(rss.scenario()).isEqualTo(ComparisonTable.RSS_UNDER_LOAD);
        assertThat(rss.ratio()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void underLoadRowsFavourLowerLatencyAndCpuAndAHigherBackgroundRate() {
        List<ResultLine> lines = Stream.of(
                        "RESULT scenario=reqrep_under_load kind=latency_under_load target=nats-server round=1 size=128 status=ok p50_us=100 p99_us=400 p999_us=900 bg_msgs_per_sec=200000 server_cpu_ns_per_all_msg=3000",
                        "RESULT scenario=reqrep_under_load kind=latency_under_load target=ours round=1 size=128 status=ok p50_us=50 p99_us=800 p999_us=900 bg_msgs_per_sec=300000 server_cpu_ns_per_all_msg=6000")
                .map(ComparisonTableTest::line)
                .toList();

        List<ComparisonRow> rows = new ComparisonTable("nats-server", "ours", 10).rows(lines);

        assertThat(rows.subList(0, 5))
                .extracting(ComparisonRow::metric)
                .containsExactly(
                        Metric.P50, Metric.P99, Metric.P999, Metric.BACKGROUND_MSGS_PER_SEC, Metric.SERVER_CPU_ALL);
        assertThat(rows.get(0).ratio()).isCloseTo(2.0, within(1e-9));
        assertThat(rows.get(1).ratio()).isCloseTo(0.5, within(1e-9));
        assertThat(rows.get(3).ratio()).isCloseTo(1.5, within(1e-9));
        assertThat(rows.get(4).ratio()).isCloseTo(0.5, within(1e-9));
    }
}
