package io.natsspring.broker.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the client-protocol parser (Jazzer). In a normal build the committed inputs under
 * {@code ClientProtocolParserFuzzTestInputs/parse/} run as regression tests; with {@code JAZZER_FUZZ=1} Jazzer
 * mutates them (see docs/broker.md, "Fuzzing"). Besides "no exception", the properties are: the same input cut
 * into reads of any size decodes to the same operations; when {@link ClientProtocolParser#missingBytes} says an
 * operation is complete, {@code parse} makes progress (the accumulator would spin otherwise); what stays
 * buffered is bounded by the control line and payload limits.
 */
class ClientProtocolParserFuzzTest {

    private static final int MCL = 256;
    private static final int MAX_PAYLOAD = 512;

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        List<String> whole = decode(input, input.length == 0 ? 1 : input.length);
        assertThat(decode(input, 1)).as("byte by byte").isEqualTo(whole);
        assertThat(decode(input, 7)).as("7-byte reads").isEqualTo(whole);
        assertThat(decode(input, 64)).as("64-byte reads").isEqualTo(whole);
    }

    private static List<String> decode(byte[] input, int chunk) {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        RecordingOpHandler ops = new RecordingOpHandler();
        ByteBuf buffered = Unpooled.buffer();
        try {
            for (int from = 0; from < input.length && !parser.failed(); from += chunk) {
                buffered.writeBytes(Arrays.copyOfRange(input, from, Math.min(input.length, from + chunk)));
                int missing = parser.missingBytes(buffered);
                int before = buffered.readerIndex();
                parser.parse(buffered, ops);
                if (missing == 0) {
                    assertThat(buffered.readerIndex() > before || parser.failed())
                            .as("missingBytes said complete but parse made no progress")
                            .isTrue();
                }
                buffered.discardReadBytes();
                assertThat(buffered.readableBytes()).as("bytes held back").isLessThanOrEqualTo(MCL + MAX_PAYLOAD + 16);
            }
            return ops.ops;
        } finally {
            buffered.release();
        }
    }
}
