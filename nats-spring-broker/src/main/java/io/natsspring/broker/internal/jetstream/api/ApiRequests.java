package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import io.natsspring.broker.internal.jetstream.base.GoJsonError;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerConfig;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * The bodies of JetStream API requests other than configs, bound by Jackson as {@code nats-server} binds its
 * request structs (named in each {@code GO} constant, for error messages).
 */
final class ApiRequests {

    private ApiRequests() {}

    /** {@code STREAM.INFO}. */
    record StreamInfo(
            @JsonProperty("deleted_details") boolean deletedDetails,
            @JsonProperty("subjects_filter") String subjectsFilter,

            @JsonProperty("offset") @JsonDeserialize(using = GoScalars.Int.class)
            long offset) {
        static final String GO = "JSApiStreamInfoRequest";
    }

    /** {@code STREAM.NAMES} and {@code STREAM.LIST}. */
    record Streams(
            @JsonProperty("offset") @JsonDeserialize(using = GoScalars.Int.class)
            long offset,

            @JsonProperty("subject") String subject) {
        static final String NAMES = "JSApiStreamNamesRequest";
        static final String LIST = "JSApiStreamListRequest";
    }

    /** {@code CONSUMER.NAMES} and {@code CONSUMER.LIST}. */
    record Consumers(
            @JsonProperty("offset") @JsonDeserialize(using = GoScalars.Int.class)
            long offset) {
        static final String GO = "JSApiConsumersRequest";
    }

    /** {@code STREAM.PURGE}. */
    record Purge(
            @JsonProperty("filter") String filter,

            @JsonProperty("seq") @JsonDeserialize(using = GoScalars.Uint64.class)
            long seq,

            @JsonProperty("keep") @JsonDeserialize(using = GoScalars.Uint64.class)
            long keep) {
        static final String GO = "JSApiStreamPurgeRequest";
    }

    /** {@code STREAM.MSG.DELETE}. */
    record MsgDelete(
            @JsonProperty("seq") @JsonDeserialize(using = GoScalars.Uint64.class)
            long seq,

            @JsonProperty("no_erase") boolean noErase) {
        static final String GO = "JSApiMsgDeleteRequest";
    }

    /** {@code CONSUMER.CREATE} and {@code CONSUMER.DURABLE.CREATE}. */
    record CreateConsumer(
            @JsonProperty("stream_name") String streamName,
            @JsonProperty("config") ConsumerConfig config,

            @JsonProperty("action") @JsonDeserialize(using = Action.class)
            String action,

            @JsonProperty("pedantic") boolean pedantic) {
        static final String GO = "CreateConsumerRequest";
    }

    /** A consumer {@code action}: {@code create}, {@code update} or empty, as the server's {@code UnmarshalJSON}. */
    static final class Action extends StdDeserializer<String> {
        Action() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String a = p.getString();
                if (a.isEmpty() || a.equals("create") || a.equals("update")) {
                    return a.isEmpty() ? null : a;
                }
            }
            throw GoJsonError.message(p, "unknown consumer action: " + GoEnumDeserializer.rawJson(p));
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            // also asked after deserialize() answered null for "" (nats-server's create-or-update, as a 2.15 source
            // consumer request sends it): only a JSON null is refused
            if (ctxt.getParser() != null && ctxt.getParser().currentToken() == JsonToken.VALUE_NULL) {
                throw GoJsonError.message(ctxt.getParser(), "unknown consumer action: null");
            }
            return null;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
