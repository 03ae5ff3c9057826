package io.natsspring.sample.saga.payment;

import java.math.BigDecimal;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/** A provider that approves everything except amounts above the limit and blocked customers. */
@Component
public class SimulatedPaymentGateway implements PaymentGateway {

    private static final Log log = LogFactory.getLog(SimulatedPaymentGateway.class);

    private final PaymentProperties properties;

    public SimulatedPaymentGateway(PaymentProperties properties) {
        this.properties = properties;
    }

    @Override
    public ChargeResult charge(String orderId, String customerId, BigDecimal amount) {
        if (amount.compareTo(properties.maxAmount()) > 0) {
            return ChargeResult.decline("amount " + amount.toPlainString() + " exceeds the limit of "
                    + properties.maxAmount().toPlainString());
        }
        if (customerId.startsWith(properties.blockedCustomerPrefix())) {
            return ChargeResult.decline("customer " + customerId + " is blocked");
        }
        log.info("Charged " + amount.toPlainString() + " to " + customerId + " for order " + orderId);
        return ChargeResult.approve();
    }

    @Override
    public void refund(String orderId, BigDecimal amount) {
        log.info("Refunded " + amount.toPlainString() + " for order " + orderId);
    }
}
