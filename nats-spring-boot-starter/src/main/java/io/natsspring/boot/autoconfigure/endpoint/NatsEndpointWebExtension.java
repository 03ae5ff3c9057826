package io.natsspring.boot.autoconfigure.endpoint;

import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint.ListenerDescriptor;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * HTTP answers of the {@code nats} endpoint's listener control: {@code 404} for an unknown listener id (a write
 * operation answering nothing would otherwise be a {@code 204}), {@code 400} for an unknown action.
 */
@EndpointWebExtension(endpoint = NatsEndpoint.class)
public class NatsEndpointWebExtension {

    private final NatsEndpoint delegate;

    public NatsEndpointWebExtension(NatsEndpoint delegate) {
        this.delegate = delegate;
    }

    /** {@code POST /actuator/nats/{id}} with {@code {"action":"pause|resume|stop|start"}}. */
    @WriteOperation
    public WebEndpointResponse<ListenerDescriptor> listener(@Selector String id, String action) {
        ListenerDescriptor described = delegate.listener(id, action);
        return described == null
                ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
                : new WebEndpointResponse<>(described);
    }
}
