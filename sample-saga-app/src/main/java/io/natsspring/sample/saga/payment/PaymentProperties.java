package io.natsspring.sample.saga.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;

/**
 * When the simulated payment provider declines ({@code saga.payment.*}).
 *
 * @param maxAmount             amounts above this are declined
 * @param blockedCustomerPrefix customers whose id starts with this are declined
 */
@ConfigurationProperties("saga.payment")
public record PaymentProperties(BigDecimal maxAmount, String blockedCustomerPrefix) {

    public PaymentProperties {
        maxAmount = maxAmount == null ? new BigDecimal("1000") : maxAmount;
        blockedCustomerPrefix = blockedCustomerPrefix == null ? "blocked-" : blockedCustomerPrefix;
    }
}
