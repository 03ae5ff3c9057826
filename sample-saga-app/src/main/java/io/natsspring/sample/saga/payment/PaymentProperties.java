package io.natsspring.sample.saga.payment;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
