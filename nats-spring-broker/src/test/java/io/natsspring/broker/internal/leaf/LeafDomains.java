package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.External;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Helpers for JetStream-domain tests across a leaf link (jnats with {@code JetStreamOptions.domain}). */
final class LeafDomains {

    private LeafDomains() {}

    static JetStreamManagement jsm(Connection c, String domain) throws Exception {
        return c.jetStreamManagement(JetStreamOptions.builder()
                .domain(domain)
                .requestTimeout(Duration.ofSeconds(2))
                .build());
    }

    static JetStream js(Connection c, String domain) throws Exception {
        return c.jetStream(JetStreamOptions.builder()
                .domain(domain)
                .requestTimeout(Duration.ofSeconds(2))
                .build());
    }

    /** The domain the account info reached through {@code domain} reports (retried: interest crosses a link). */
    static String accountDomain(Connection c, String domain) {
        AtomicReference<String> got = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    got.set(jsm(c, domain).getAccountStatistics().getDomain());
                    return true;
                });
        return got.get();
    }

    /** Creates (retried until the domain's API answers across the link) a file stream on {@code subject}. */
    static StreamInfo createStream(Connection c, String domain, String name, String subject) {
        AtomicReference<StreamInfo> got = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    got.set(jsm(c, domain)
                            .addStream(StreamConfiguration.builder()
                                    .name(name)
                                    .subjects(subject)
                                    .storageType(StorageType.File)
                                    .build()));
                    return true;
                });
        return got.get();
    }

    /** Creates a file stream sourcing {@code source} through {@code api} (an external source). */
    static StreamInfo createSourcing(Connection c, String name, String source, String api, String deliver)
            throws Exception {
        External.Builder ext = External.builder().api(api);
        if (deliver != null) {
            ext.deliver(deliver);
        }
        return c.jetStreamManagement()
                .addStream(StreamConfiguration.builder()
                        .name(name)
                        .storageType(StorageType.File)
                        .sources(Source.builder()
                                .name(source)
                                .external(ext.build())
                                .build())
                        .build());
    }

    static void publish(JetStream js, String subject, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            js.publish(subject, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Waits until {@code stream} holds {@code count} messages, then checks every one: sequence {@code i}, payload
     * {@code i}, {@code Nats-Stream-Source} naming {@code source} and source sequence {@code i} (in order, no gap,
     * no duplicate).
     */
    static void assertCaughtUp(JetStreamManagement jsm, String stream, String source, int count) throws Exception {
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> jsm.getStreamInfo(stream).getStreamState().getMsgCount() >= count);
        // a little longer: a duplicate would arrive after the count is reached
        Thread.sleep(300);
        StreamInfo info = jsm.getStreamInfo(stream);
        assertThat(info.getStreamState().getMsgCount()).isEqualTo(count);
        assertThat(info.getStreamState().getLastSequence()).isEqualTo(count);
        for (int i = 1; i <= count; i++) {
            io.nats.client.api.MessageInfo m = jsm.getMessage(stream, i);
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
            String header = m.getHeaders().getFirst("Nats-Stream-Source");
            assertThat(header).as("Nats-Stream-Source of %d", i).isNotNull();
            String[] parts = header.split(" ");
            assertThat(parts[0]).startsWith(source);
            assertThat(parts[1]).as("source sequence of %d", i).isEqualTo(Integer.toString(i));
        }
    }
}
