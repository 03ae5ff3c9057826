package io.natsspring.boot.autoconfigure.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A user's configuration mistakes fail startup with the property path and the fix, before any broker starts. */
@ExtendWith(OutputCaptureExtension.class)
class NatsPropertiesCheckTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store);
    }

    private static InvalidNatsPropertiesException failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable t = context.getStartupFailure();
        while (t != null && !(t instanceof InvalidNatsPropertiesException)) {
            t = t.getCause();
        }
        assertThat(t)
                .as("startup failure %s", context.getStartupFailure())
                .isInstanceOf(InvalidNatsPropertiesException.class);
        return (InvalidNatsPropertiesException) t;
    }

    @Test
    void typoOfServersFailsInsteadOfStartingAnEmbeddedBroker() {
        runner().withPropertyValues("nats.server=nats://localhost:4222").run(context -> {
            InvalidNatsPropertiesException e = failure(context);
            assertThat(e.getProblems())
                    .singleElement()
                    .asString()
                    .startsWith("nats.server is not a NATS Spring property")
                    .endsWith("did you mean nats.servers?");
            assertThat(context).getFailure().isNotNull();
        });
    }

    @Test
    void unknownKeysInsideDeclarationListsAreFoundWithTheNearestValidKey() {
        runner().withPropertyValues(
                        "nats.jetstream.streams[0].name=ORDERS",
                        "nats.jetstream.streams[0].subjects=orders.>",
                        "nats.jetstream.streams[0].max-agee=1h",
                        "nats.jetstream.consumers[0].stream=ORDERS",
                        "nats.jetstream.consumers[0].durable=processor",
                        "nats.jetstream.consumers[0].max-delivery=3",
                        "nats.jetstream.key-value[0].name=settings",
                        "nats.jetstream.key-value[0].histroy=5",
                        "nats.jetstream.object-store[0].name=files",
                        "nats.jetstream.object-store[0].tll=1h",
                        "nats.broker.users[0].username=app",
                        "nats.broker.users[0].pasword=secret")
                .run(context -> {
                    assertThat(failure(context).getProblems())
                            .containsExactlyInAnyOrder(
                                    "nats.jetstream.streams[0].max-agee is not a NATS Spring property (\"nats.jetstream.streams[0].max-agee\" from property source \"test\"); did you mean nats.jetstream.streams[0].max-age?",
                                    "nats.jetstream.consumers[0].max-delivery is not a NATS Spring property (\"nats.jetstream.consumers[0].max-delivery\" from property source \"test\"); did you mean nats.jetstream.consumers[0].max-deliver?",
                                    "nats.jetstream.key-value[0].histroy is not a NATS Spring property (\"nats.jetstream.key-value[0].histroy\" from property source \"test\"); did you mean nats.jetstream.key-value[0].history?",
                                    "nats.jetstream.object-store[0].tll is not a NATS Spring property (\"nats.jetstream.object-store[0].tll\" from property source \"test\"); did you mean nats.jetstream.object-store[0].ttl?",
                                    "nats.broker.users[0].pasword is not a NATS Spring property (\"nats.broker.users[0].pasword\" from property source \"test\"); did you mean nats.broker.users[0].password?",
                                    // the misspelt password leaves the user without one
                                    "nats.broker.users[0].password is required unless the user has an nkey or the"
                                            + " users are named by their TLS client certificate"
                                            + " (nats.broker.ssl.verify-and-map=true)");
                });
    }

    @Test
    void aKeyFarFromAnyValidOneListsTheValidKeys() {
        runner().withPropertyValues("nats.template.bogus-setting=1", "nats.mode.extra=1")
                .run(context -> {
                    assertThat(failure(context).getProblems())
                            .satisfiesExactlyInAnyOrder(
                                    p -> assertThat(p)
                                            .startsWith("nats.template.bogus-setting is not a NATS Spring property")
                                            .endsWith(
                                                    "valid keys under nats.template: observation-enabled, publish-retry, request-timeout"),
                                    p -> assertThat(p)
                                            .startsWith("nats.mode.extra")
                                            .endsWith("nats.mode takes no sub-keys"));
                });
    }

    @Test
    void relaxedAndIndexedFormsOfValidKeysAreAccepted() {
        runner().withPropertyValues(
                        "nats.connectionTimeout=3s",
                        "nats.drain_timeout=2s",
                        "nats.servers[0]=nats://127.0.0.1:1",
                        "nats.mode=embedded",
                        "nats.jetstream.streams[0].name=ORDERS",
                        "nats.jetstream.streams[0].subjects[0]=orders.>",
                        "nats.jetstream.streams[0].maxAge=1h",
                        "nats.jetstream.dead-letter.subjectprefix=dlq")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(NatsBroker.class);
                });
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "app",
                        Map.of(
                                "nats.broker.users[0].publish-allow[0]",
                                "orders.>",
                                "nats.broker.users[0].username",
                                "app",
                                "nats.broker.users[0].password",
                                "pw",
                                "nats.broker.users[0].subscribe-deny",
                                "a,b",
                                "nats.jetstream.consumers[0].backoff[0]",
                                "1s")));
        assertThatThrownBy(() ->
                        NatsPropertiesChecker.check(environment, getClass().getClassLoader()))
                .isInstanceOf(InvalidNatsPropertiesException.class)
                .extracting(e -> ((InvalidNatsPropertiesException) e).getProblems())
                .asList()
                .allSatisfy(p -> assertThat(p.toString()).doesNotContain("is not a NATS Spring property"));
    }

    @Test
    void theSwitchTurnsUnknownKeysIntoAWarning(CapturedOutput output) {
        runner().withPropertyValues("nats.unknown-properties=warn", "nats.server=nats://localhost:4222")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output)
                            .contains("nats.server is not a NATS Spring property")
                            .contains("did you mean nats.servers?");
                });
    }

    @Test
    void environmentVariablesOfOtherNatsToolsOnlyWarn(CapturedOutput output) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("NATS_URL", "nats://elsewhere:4222")));
        assertThatNoException()
                .isThrownBy(() ->
                        NatsPropertiesChecker.check(environment, getClass().getClassLoader()));
        assertThat(output).contains("nats.url is not a NATS Spring property").contains("environment variable");
    }

    @Test
    void otherKeysAreNotChecked() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "app",
                        Map.of("natsx.foo", "1", "management.health.nats.enabled", "false", "spring.nats.foo", "1")));
        assertThatNoException()
                .isThrownBy(() ->
                        NatsPropertiesChecker.check(environment, getClass().getClassLoader()));
    }

    @Test
    void declarationsAreValidatedWithTheirPropertyPaths() {
        runner().withPropertyValues(
                        "nats.jetstream.streams[0].subjects=orders.>",
                        "nats.jetstream.streams[0].max-age=-1s",
                        "nats.jetstream.streams[1].name=BAD.NAME",
                        "nats.jetstream.streams[1].subjects=a..b",
                        "nats.jetstream.streams[1].replicas=7",
                        "nats.jetstream.consumers[0].stream=ORDERS",
                        "nats.jetstream.consumers[0].max-deliver=2",
                        "nats.jetstream.consumers[0].backoff=1s,5s,30s",
                        "nats.jetstream.consumers[0].ack-wait=-5s",
                        "nats.jetstream.key-value[0].name=settings",
                        "nats.jetstream.key-value[0].history=100",
                        "nats.jetstream.object-store[0].name=my files")
                .run(context -> {
                    assertThat(failure(context).getProblems())
                            .containsExactlyInAnyOrder(
                                    "nats.jetstream.streams[0].name is required: the stream name",
                                    "nats.jetstream.streams[0].max-age must not be negative (was PT-1S)",
                                    "nats.jetstream.streams[1].name 'BAD.NAME' is not a valid stream name: it must not contain whitespace, '.', '*', '>', '/' or '\\'",
                                    "nats.jetstream.streams[1].subjects[0] 'a..b' is not a valid subject",
                                    "nats.jetstream.streams[1].replicas must be between 1 and 5 (was 7)",
                                    "nats.jetstream.consumers[0].durable is required: the durable consumer name",
                                    "nats.jetstream.consumers[0].ack-wait must be positive (was PT-5S)",
                                    "nats.jetstream.consumers[0].backoff has 3 delays but max-deliver is 2: nats-server requires max-deliver to be at least the number of backoff delays",
                                    "nats.jetstream.key-value[0].history must be between 1 and 64 (was 100)",
                                    "nats.jetstream.object-store[0].name 'my files' is not a valid bucket name: only letters, digits, '-' and '_'");
                });
    }

    @Test
    void theFailureAnalyzerDescribesEveryProblemAndTheFix() {
        runner().withPropertyValues(
                        "nats.server=nats://localhost:4222",
                        "nats.jetstream.key-value[0].name=settings",
                        "nats.jetstream.key-value[0].history=100")
                .run(context -> {
                    FailureAnalysis analysis =
                            new InvalidNatsPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("did you mean nats.servers?")
                            .contains("nats.jetstream.key-value[0].history must be between 1 and 64 (was 100)");
                    assertThat(analysis.getAction()).contains("nats.unknown-properties=warn");
                });
    }

    @Test
    void aDeclaredDeadLetterStreamMustCaptureTheDeadLetters() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "app",
                        Map.of(
                                "nats.jetstream.dead-letter.enabled",
                                "true",
                                "nats.jetstream.dead-letter.stream",
                                "ARCHIVE",
                                "nats.jetstream.streams[0].name",
                                "ARCHIVE",
                                "nats.jetstream.streams[0].subjects",
                                "archive.>")));
        assertThatThrownBy(() ->
                        NatsPropertiesChecker.check(environment, getClass().getClassLoader()))
                .isInstanceOf(InvalidNatsPropertiesException.class)
                .hasMessageContaining(
                        "nats.jetstream.streams[0].subjects [archive.>] do not capture the dead letters (dlq.>)");
    }

    @Test
    void validDeclarationsPass() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "app",
                        Map.of(
                                "nats.jetstream.streams[0].name",
                                "ORDERS",
                                "nats.jetstream.streams[0].subjects",
                                "orders.*.created,orders.>",
                                "nats.jetstream.streams[0].max-age",
                                "7d",
                                "nats.jetstream.streams[0].duplicate-window",
                                "2m",
                                "nats.jetstream.consumers[0].stream",
                                "ORDERS",
                                "nats.jetstream.consumers[0].durable",
                                "processor",
                                "nats.jetstream.consumers[0].max-deliver",
                                "3",
                                "nats.jetstream.consumers[0].backoff",
                                "1s,5s,30s",
                                "nats.jetstream.key-value[0].name",
                                "settings",
                                "nats.jetstream.key-value[0].history",
                                "64")));
        assertThatNoException()
                .isThrownBy(() ->
                        NatsPropertiesChecker.check(environment, getClass().getClassLoader()));
    }

    @Test
    void disabledDeclarationsAreNotValidated() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "app",
                        Map.of(
                                "nats.jetstream.declarations.enabled",
                                "false",
                                "nats.jetstream.key-value[0].history",
                                "100")));
        assertThatNoException()
                .isThrownBy(() ->
                        NatsPropertiesChecker.check(environment, getClass().getClassLoader()));
        environment.getPropertySources().remove("app");
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("app", Map.of("nats.jetstream.key-value[0].history", "100")));
        assertThatThrownBy(() ->
                        NatsPropertiesChecker.check(environment, getClass().getClassLoader()))
                .isInstanceOf(InvalidNatsPropertiesException.class)
                .hasMessageContaining("key-value[0].name is required");
    }
}
