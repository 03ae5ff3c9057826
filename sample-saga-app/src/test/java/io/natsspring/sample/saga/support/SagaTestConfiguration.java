package io.natsspring.sample.saga.support;

import io.natsspring.sample.saga.payment.PaymentProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the payment provider by one that fails on demand and counts calls. */
@TestConfiguration(proxyBeanMethods = false)
public class SagaTestConfiguration {

    @Bean
    @Primary
    FlakyPaymentGateway flakyPaymentGateway(PaymentProperties properties) {
        return new FlakyPaymentGateway(properties);
    }
}
