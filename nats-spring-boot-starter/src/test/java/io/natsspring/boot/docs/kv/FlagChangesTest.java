package io.natsspring.boot.docs.kv;

import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.kv.NatsKeyValueAutoConfiguration;
import io.natsspring.boot.autoconfigure.listener.NatsListenerAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.kv.core.KeyValueOperations;
import io.natsspring.kv.core.KeyValueTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watch-listener example of docs/kv.md, against the embedded broker with a declared bucket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlagChangesTest {

    @TempDir
    Path store;

    @Test
    void theLocalCopyFollowsTheBucket() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(
                        NatsListenerAutoConfiguration.class, NatsKeyValueAutoConfiguration.class))
                .withPropertyValues(
                        "nats.connection-timeout=10s",
                        "nats.jetstream.key-value[0].name=flags",
                        "nats.jetstream.key-value[0].storage=memory")
                .withBean(FlagChanges.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FlagChanges changes = context.getBean(FlagChanges.class);
                    KeyValueOperations<FlagChanges.Flag> flags =
                            context.getBean(KeyValueTemplates.class).forBucket("flags", FlagChanges.Flag.class);
                    flags.put("feature.search", new FlagChanges.Flag(true, 10));
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> new FlagChanges.Flag(true, 10).equals(changes.flag("feature.search")));
                    flags.delete("feature.search");
                    await().atMost(Duration.ofSeconds(10)).until(() -> changes.flag("feature.search") == null);
                    await().atMost(Duration.ofSeconds(10)).until(() -> !changes.audit().isEmpty());
                    assertThat(changes.audit()).containsExactly("feature.search@1 -> Flag[enabled=true, rolloutPercent=10]");
                    assertThat(context.getBean(NatsListenerEndpointRegistry.class).getListenerContainerIds())
                            .contains("flag-cache", "FlagChanges.onUpdate");
                });
    }
}
