package io.natsspring.boot.docs.listeners;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Resolves a {@code Tenant} parameter from the X-Tenant header (the custom resolver of docs/listeners.md). */
class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    record Tenant(String id) {
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Tenant.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, Message<?> message) {
        return new Tenant(String.valueOf(message.getHeaders().get("X-Tenant")));
    }
}
