package io.natsspring.boot.autoconfigure.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The user's path: an application.yml with typos fails to start, before any broker, and Spring Boot prints the
 * failure analysis with each key, where it was set, and the nearest valid key.
 */
@ExtendWith(OutputCaptureExtension.class)
class TyposApplicationTest {

    @Test
    void typosInApplicationYamlStopStartupWithTheFailureAnalysis(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        assertThatThrownBy(() -> application.run(
                        "--spring.config.location=classpath:io/natsspring/boot/autoconfigure/validation/typos.yml",
                        "--spring.main.banner-mode=off"))
                .isInstanceOf(InvalidNatsPropertiesException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("nats.server is not a NATS Spring property (class path resource "
                        + "[io/natsspring/boot/autoconfigure/validation/typos.yml] - 2:11); did you mean nats.servers?")
                .contains("nats.jetstream.streams[0].max-agee is not a NATS Spring property")
                .contains("did you mean nats.jetstream.streams[0].max-age?")
                .contains("nats.jetstream.key-value[0].history must be between 1 and 64 (was 100)")
                .contains("set nats.unknown-properties=warn")
                .doesNotContain("Listening for client connections");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}
}
