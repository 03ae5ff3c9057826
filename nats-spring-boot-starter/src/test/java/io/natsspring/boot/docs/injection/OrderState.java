package io.natsspring.boot.docs.injection;

// tag::snippet[]
import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.StreamContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

@Service
class OrderState {

    private final KeyValue state;

    OrderState(@Qualifier("orders-state") KeyValue state, ObjectStore files, StreamContext orders) throws Exception {
        this.state = state;
        state.put("started", "yes"); // the bucket exists already
    }
}
// end::snippet[]
