package io.natsspring.benchmarks.jmh;

import io.natsspring.broker.internal.protocol.ClientProtocolParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing client input: a direct buffer (as Netty reads it) holding {@value #FRAMES} PUB or HPUB frames, the
 * HPUB ones with a reply subject and a message-id header as jnats sends for JetStream publishes. Score is per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtocolParserBenchmark {

    static final int FRAMES = 64;

    @Param({"PUB", "HPUB"})
    public String frame;

    @Param({"16", "1024"})
    public int payloadSize;

    private ByteBuf input;
    private ClientProtocolParser parser;
    private NoOpClientOpHandler handler;

    @Setup
    public void setUp() {
        byte[] payload = new byte[payloadSize];
        java.util.Arrays.fill(payload, (byte) 'x');
        String headers = "NATS/1.0\r\nNats-Msg-Id: 7f3a9c2e-0001\r\n\r\n";
        input = Unpooled.directBuffer();
        for (int i = 0; i < FRAMES; i++) {
            String line = frame.equals("PUB")
                    ? "PUB orders.eu-west.c" + i + ".created " + payloadSize + "\r\n"
                    : "HPUB orders.eu-west.c" + i + ".created _INBOX.Kx8cVw2QpL1rT0.a" + i + " " + headers.length()
                            + " " + (headers.length() + payloadSize) + "\r\n" + headers;
            input.writeBytes(line.getBytes(StandardCharsets.US_ASCII))
                    .writeBytes(payload)
                    .writeBytes(new byte[] {'\r', '\n'});
        }
        parser = new ClientProtocolParser(4096, 1024 * 1024);
        handler = new NoOpClientOpHandler();
    }

    @TearDown
    public void tearDown() {
        if (handler.errors > 0 || handler.publishes == 0) {
            throw new IllegalStateException(
                    "parser rejected the input or parsed nothing: " + handler.errors + " errors");
        }
        input.release();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long parse() {
        input.readerIndex(0);
        parser.parse(input, handler);
        return handler.payloadBytes;
    }
}
