package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the first client of a starting broker is greeted at once. The broker binds its client port only when
 * everything a client needs is ready (JetStream restored, accounts loaded), so a client connecting in a tight loop
 * the moment the port opens gets INFO on the first TCP connection that succeeds, and that connection already sees
 * the restored streams. The time from connect to INFO is printed, not asserted.
 */
class FirstConnectionTest {

    private static final int STREAMS = 20;

    @TempDir
    Path store;

    @Test
    @Timeout(60)
    void theFirstConnectionAfterTheListenGetsInfoAndSeesRestoredStreams() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BrokerOptions options = BrokerOptions.builder()
                .host("127.0.0.1")
                .port(port)
                .jetStream(true)
                .storeDir(store)
                .build();
        try (NatsBroker broker = new NatsBroker(options).start();
                Connection nc = Nats.connect("nats://127.0.0.1:" + port)) {
            // generous API timeouts: the setup is not what is tested, and a loaded CI machine is slow
            JetStreamOptions slow = JetStreamOptions.builder()
                    .requestTimeout(Duration.ofSeconds(15))
                    .build();
            JetStreamManagement jsm = nc.jetStreamManagement(slow);
            for (int i = 0; i < STREAMS; i++) {
                jsm.addStream(StreamConfiguration.builder()
                        .name("S" + i)
                        .subjects("s" + i)
                        .storageType(StorageType.File)
                        .build());
                nc.jetStream(slow).publish("s" + i, new byte[16]);
            }
        }

        CompletableFuture<String[]> first = CompletableFuture.supplyAsync(() -> connectAsSoonAsListening(port));
        try (NatsBroker broker = new NatsBroker(options).start()) {
            String[] got = first.get(30, TimeUnit.SECONDS);
            assertThat(got[0]).startsWith("INFO {").contains("\"port\":" + port);
            assertThat(got[1])
                    .as("the restored streams, seen by the first connection")
                    .contains("\"total\":" + STREAMS);
            System.out.println("first connection: INFO " + got[2] + " µs after the TCP connect");
        }
    }

    /**
     * Connects until the port accepts (bounded), then reads INFO and asks for the stream names on that same
     * connection; returns {INFO line, API answer, µs from connect to INFO}.
     */
    private static String[] connectAsSoonAsListening(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (java.io.IOException refused) {
                closeQuietly(socket);
                Thread.onSpinWait();
                continue;
            }
            try (socket) {
                long connected = System.nanoTime();
                socket.setSoTimeout(20_000);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String info = in.readLine();
                long greeted = System.nanoTime();
                OutputStream out = socket.getOutputStream();
                out.write(("CONNECT {\"verbose\":false,\"headers\":true}\r\nSUB _r 1\r\n"
                                + "PUB $JS.API.STREAM.NAMES _r 0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("MSG _r ")) {
                        return new String[] {info, in.readLine(), String.valueOf((greeted - connected) / 1000)};
                    }
                }
                throw new IllegalStateException("connection closed without an answer");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the port never opened");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (java.io.IOException ignored) {
            // nothing to do
        }
    }
}
