package io.natsspring.broker.internal.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records decoded operations as readable strings (copied out while the positions are valid). */
public final class RecordingOpHandler implements ClientOpHandler {
    public final List<String> ops = new ArrayList<>();
    public boolean stopAfterNext;

    private boolean record(String op) {
        ops.add(op);
        return !stopAfterNext;
    }

    private static String str(ByteBuf b, int index, int length) {
        return b.toString(index, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean onConnect(ByteBuf buf, int jsonIndex, int jsonLength) {
        return record("CONNECT " + str(buf, jsonIndex, jsonLength));
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
        String reply = replyLength == 0 ? "-" : str(buf, replyIndex, replyLength);
        String head = headerLength < 0 ? "" : "hdr[" + str(buf, dataIndex, headerLength) + "]";
        int h = Math.max(headerLength, 0);
        return record("PUB " + str(buf, subjectIndex, subjectLength) + " " + reply + " " + head + "["
                + str(buf, dataIndex + h, totalLength - h) + "]");
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
        String queue = queueLength == 0 ? "-" : str(buf, queueIndex, queueLength);
        return record(
                "SUB " + str(buf, subjectIndex, subjectLength) + " " + queue + " " + str(buf, sidIndex, sidLength));
    }

    @Override
    public boolean onUnsubscribe(ByteBuf buf, int sidIndex, int sidLength, long max) {
        return record("UNSUB " + str(buf, sidIndex, sidLength) + " " + max);
    }

    @Override
    public boolean onInfo(ByteBuf buf, int jsonIndex, int jsonLength) {
        return record("INFO " + str(buf, jsonIndex, jsonLength));
    }

    @Override
    public boolean onPing() {
        return record("PING");
    }

    @Override
    public boolean onPong() {
        return record("PONG");
    }

    @Override
    public boolean onOperationBeforeConnect() {
        return record("BEFORE_CONNECT");
    }

    @Override
    public void onProtocolError(ProtocolError error) {
        ops.add("ERROR " + error);
    }
}
