package io.natsspring.benchmarks.jmh;

import io.natsspring.broker.internal.protocol.ClientOpHandler;
import io.natsspring.broker.internal.protocol.ProtocolError;
import io.netty.buffer.ByteBuf;

/** A handler that only counts what the parser reports, so the parse itself is what gets measured. */
final class NoOpClientOpHandler implements ClientOpHandler {

    long publishes;
    long payloadBytes;
    long errors;

    @Override
    public boolean onConnect(ByteBuf buf, int jsonIndex, int jsonLength) {
        return true;
    }

    @Override
    public boolean onPublish(
            ByteBuf buf,
            int subjectIndex,
            int subjectLength,
            int replyIndex,
            int replyLength,
            int headerLength,
            int dataIndex,
            int totalLength) {
        publishes++;
        payloadBytes += totalLength + subjectLength;
        return true;
    }

    @Override
    public boolean onSubscribe(
            ByteBuf buf,
            int subjectIndex,
            int subjectLength,
            int queueIndex,
            int queueLength,
            int sidIndex,
            int sidLength) {
        return true;
    }

    @Override
    public boolean onUnsubscribe(ByteBuf buf, int sidIndex, int sidLength, long max) {
        return true;
    }

    @Override
    public boolean onPing() {
        return true;
    }

    @Override
    public boolean onPong() {
        return true;
    }

    @Override
    public boolean onOperationBeforeConnect() {
        return false;
    }

    @Override
    public void onProtocolError(ProtocolError error) {
        errors++;
    }
}
