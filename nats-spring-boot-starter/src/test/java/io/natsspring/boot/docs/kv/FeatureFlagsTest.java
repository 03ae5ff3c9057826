package io.natsspring.boot.docs.kv;

import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example of docs/kv.md, run against the embedded broker with a declared bucket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FeatureFlagsTest {

    @TempDir
    Path store;

    @Test
    void flagsAreStoredUpdatedAndWatched() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                        io.natsspring.boot.autoconfigure.kv.NatsKeyValueAutoConfiguration.class))
                .withPropertyValues(
                        "nats.jetstream.key-value[0].name=flags", "nats.jetstream.key-value[0].storage=memory")
                .withBean(FeatureFlags.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FeatureFlags flags = context.getBean(FeatureFlags.class);

                    assertThat(flags.addIfAbsent("search")).isTrue();
                    assertThat(flags.addIfAbsent("search")).isFalse();
                    flags.enable("search", 10);
                    assertThat(flags.widenRollout("search")).isEqualTo(new FeatureFlags.Flag(true, 20));
                    assertThat(flags.current("search").orElseThrow().revision()).isEqualTo(3);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> flags.cached("search").orElse(null), f -> f != null && f.rolloutPercent() == 20);
                });
    }
}
