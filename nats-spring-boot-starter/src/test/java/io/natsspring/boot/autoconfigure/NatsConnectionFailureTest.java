package io.natsspring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A failed initial connection is explained (servers tried, cause, what to set); AUTO mode says what it chose. */
@ExtendWith(OutputCaptureExtension.class)
class NatsConnectionFailureTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store);
    }

    @Test
    void retriesRunningOutFailWithTheServersTriedInsteadOfAJetStreamError() throws Exception {
        String url = "nats://127.0.0.1:" + NatsServerProcess.freePort();
        runner().withPropertyValues(
                        "nats.servers=" + url,
                        "nats.retry-on-initial-connect=true",
                        "nats.connection-timeout=200ms",
                        "nats.reconnect-wait=50ms",
                        "nats.max-reconnects=2")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining(NatsConnectionException.class.getName())
                            .hasStackTraceContaining("nats.max-reconnects=2")
                            .satisfies(f -> assertThat(f).hasStackTraceContaining(url))
                            .satisfies(f ->
                                    assertThat(stackTrace(f)).doesNotContain("JetStream context can't be established"));
                    FailureAnalysis analysis = new NatsConnectionFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("Servers tried: " + url);
                    assertThat(analysis.getAction())
                            .contains("nats.servers")
                            .contains("nats.mode")
                            .contains("nats.retry-on-initial-connect");
                });
    }

    @Test
    void unreachableServerIsExplained() throws Exception {
        String url = "nats://127.0.0.1:" + NatsServerProcess.freePort();
        runner().withPropertyValues("nats.mode=remote", "nats.servers=" + url, "nats.connection-timeout=200ms")
                .run(context -> {
                    FailureAnalysis analysis = new NatsConnectionFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("Servers tried: " + url)
                            .contains("Cause: ");
                    assertThat(analysis.getAction()).contains("nats.servers").contains("nats.mode=embedded");
                });
    }

    @Test
    void refusedCredentialsNameTheCredentialProperties() {
        NatsBroker secured = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .token("s3cret")
                        .build())
                .start();
        try {
            runner().withPropertyValues(
                            "nats.servers=" + secured.clientUrl(), "nats.token=wrong", "nats.connection-timeout=3s")
                    .run(context -> {
                        FailureAnalysis analysis =
                                new NatsConnectionFailureAnalyzer().analyze(context.getStartupFailure());
                        assertThat(analysis).isNotNull();
                        assertThat(analysis.getDescription()).contains(secured.clientUrl());
                        assertThat(analysis.getAction())
                                .contains("nats.username")
                                .contains("nats.token")
                                .contains("nats.credentials");
                    });
        } finally {
            secured.close();
        }
    }

    @Test
    void autoModeLogsWhichModeItChoseAndWhy(CapturedOutput output) {
        runner().run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("NATS mode AUTO chose the embedded broker because nats.servers is not set");
        NatsBroker remote =
                new NatsBroker(BrokerOptions.builder().host("127.0.0.1").port(0).build()).start();
        try {
            runner().withPropertyValues("nats.servers=" + remote.clientUrl())
                    .run(context -> assertThat(context).hasNotFailed());
            assertThat(output)
                    .contains("NATS mode AUTO chose remote servers [" + remote.clientUrl()
                            + "] because nats.servers is set");
        } finally {
            remote.close();
        }
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
