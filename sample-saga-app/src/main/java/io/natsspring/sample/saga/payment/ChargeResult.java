package io.natsspring.sample.saga.payment;

/** What the payment provider said to a charge: approved, or declined with a reason. */
public record ChargeResult(boolean approved, String reason) {

    public static ChargeResult approve() {
        return new ChargeResult(true, null);
    }

    public static ChargeResult decline(String reason) {
        return new ChargeResult(false, reason);
    }
}
