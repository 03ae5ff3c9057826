package io.natsspring.sample.saga.event;

import java.time.Instant;

/** An event of the saga: it concerns one order and says when it happened. */
public interface SagaEvent {

    String orderId();

    Instant at();
}
