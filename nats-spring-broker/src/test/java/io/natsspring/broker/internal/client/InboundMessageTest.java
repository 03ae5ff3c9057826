package io.natsspring.broker.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InboundMessageTest {

    @Test
    void aBuiltMessageOffersItsSubjectAndBytes() {
        InboundMessage m = InboundMessage.of("_INBOX.x.1", null, null, "{}".getBytes(StandardCharsets.US_ASCII));
        assertThat(m.builtSubject()).isEqualTo("_INBOX.x.1");
        assertThat(Arrays.copyOf(m.subjectBytes(), m.subjectLength()))
                .isEqualTo("_INBOX.x.1".getBytes(StandardCharsets.US_ASCII));
        assertThat(m.hasReply()).isFalse();
        assertThat(m.headerLength()).isEqualTo(-1);
    }

    @Test
    void reusingABuiltMessageLeavesItsSubjectArrayAlone() {
        InboundMessage m = InboundMessage.of("a.b.c", null, null, new byte[] {1});
        byte[] retained = m.subjectBytes();
        byte[] copy = retained.clone();
        ByteBuf other = Unpooled.copiedBuffer("x.y", StandardCharsets.US_ASCII);
        m.set(other, 0, 3, 3, 0, -1, 3, 0);
        assertThat(m.builtSubject()).isNull();
        assertThat(new String(m.subjectBytes(), 0, m.subjectLength(), StandardCharsets.US_ASCII))
                .isEqualTo("x.y");
        assertThat(retained).isEqualTo(copy);
    }

    @Test
    void setBuiltWritesSubjectAndPayloadIntoTheScratchBuffer() {
        InboundMessage m = new InboundMessage();
        ByteBuf scratch = Unpooled.buffer(4);
        byte[] ack = "{\"stream\":\"S\",\"seq\":7}".getBytes(StandardCharsets.US_ASCII);
        for (String reply : new String[] {"_INBOX.abc.1", "_INBOX.grüße.2", "r"}) {
            m.setBuilt(scratch, reply, ack);
            assertThat(m.subject()).isEqualTo(reply);
            assertThat(m.subjectLength()).isEqualTo(reply.getBytes(StandardCharsets.UTF_8).length);
            assertThat(m.hasReply()).isFalse();
            assertThat(m.reply()).isNull();
            assertThat(m.headerLength()).isEqualTo(-1);
            assertThat(m.payloadBytes()).isEqualTo(ack);
            assertThat(m.builtSubject()).isNull();
        }
    }
}
