package io.natsspring.boot.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Default names and tags of NATS observations, following the OpenTelemetry messaging conventions. The subject is
 * a high-cardinality tag (subjects often carry ids); the operation, system and listener are low-cardinality.
 */
public final class NatsObservationConventions {

    /** Timer name of publishes, requests and JetStream publishes. */
    public static final String PUBLISH_NAME = "nats.publish";
    /** Timer name of message processing by listeners. */
    public static final String PROCESS_NAME = "nats.process";

    private NatsObservationConventions() {}

    /** Convention of outgoing messages. */
    public static class Publish implements ObservationConvention<NatsPublishObservationContext> {

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof NatsPublishObservationContext;
        }

        @Override
        public String getName() {
            return PUBLISH_NAME;
        }

        @Override
        public String getContextualName(NatsPublishObservationContext context) {
            return context.getSubject() + " " + context.getOperation().tag();
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(NatsPublishObservationContext context) {
            return KeyValues.of(
                    "messaging.system",
                    "nats",
                    "messaging.operation",
                    context.getOperation().tag());
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(NatsPublishObservationContext context) {
            return KeyValues.of("messaging.destination.name", context.getSubject());
        }
    }

    /** Convention of processed messages. */
    public static class Process implements ObservationConvention<NatsReceiveObservationContext> {

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof NatsReceiveObservationContext;
        }

        @Override
        public String getName() {
            return PROCESS_NAME;
        }

        @Override
        public String getContextualName(NatsReceiveObservationContext context) {
            return context.getMessage().getSubject() + " process";
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(NatsReceiveObservationContext context) {
            return KeyValues.of(
                    "messaging.system",
                    "nats",
                    "messaging.operation",
                    "process",
                    "nats.listener",
                    context.getListenerId() == null ? "none" : context.getListenerId());
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(NatsReceiveObservationContext context) {
            return KeyValues.of(
                    "messaging.destination.name", context.getMessage().getSubject());
        }
    }
}
