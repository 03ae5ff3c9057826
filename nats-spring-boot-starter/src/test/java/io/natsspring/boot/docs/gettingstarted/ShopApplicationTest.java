package io.natsspring.boot.docs.gettingstarted;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The complete example of docs/getting-started.md, run as it is shown: YAML, listeners, template, Key-Value. */
@SpringBootTest(properties = {
        "spring.config.location=classpath:io/natsspring/boot/docs/gettingstarted/application.yml",
        "nats.broker.store-dir=${java.io.tmpdir}/nats-spring-test/${random.uuid}"})
class ShopApplicationTest {

    @Autowired
    Orders orders;

    @Autowired
    Billing billing;

    @Autowired
    Settings settings;

    @Test
    void placedOrdersAreBilledOnce() {
        assertThat(orders.place(new Order("o-1", "book", 2)).isDuplicate()).isFalse();
        assertThat(orders.place(new Order("o-1", "book", 2)).isDuplicate()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> billing.billed().contains("o-1"));
        assertThat(billing.billed()).containsExactly("o-1");
    }

    @Test
    void quotesAreAnswered() {
        assertThat(orders.quote("book")).isEqualTo(new Quote("book", 1250));
    }

    @Test
    void settingsAreKeptInTheBucket() throws Exception {
        settings.put("currency", "EUR");
        assertThat(settings.get("currency")).isEqualTo("EUR");
        assertThat(settings.get("missing")).isNull();
    }
}
