package io.natsspring.boot.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.annotation.config.NatsListenerSettings;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;

class NatsListenerAutoConfigurationTest {

    @TempDir
    Path store;

    @Test
    void registersTheListenerInfrastructureWhenAConnectionExists() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsListenerAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(NatsListenerEndpointRegistry.class)
                        .doesNotHaveBean("natsListenerVirtualThreadsConfigurer"));
    }

    @Test
    void springBootsVirtualThreadsSwitchReachesTheListenersOnJava21AndLater() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsListenerAutoConfiguration.class))
                .withPropertyValues("spring.threads.virtual.enabled=true")
                .run(context -> {
                    if (Runtime.version().feature() >= 21) {
                        NatsListenerSettings settings = new NatsListenerSettings();
                        context.getBean(
                                        "natsListenerVirtualThreadsConfigurer",
                                        io.natsspring.annotation.config.NatsListenerConfigurer.class)
                                .configure(settings);
                        assertThat(settings.isVirtualThreads()).isTrue();
                    } else {
                        assertThat(context).doesNotHaveBean("natsListenerVirtualThreadsConfigurer");
                    }
                });
    }
}
