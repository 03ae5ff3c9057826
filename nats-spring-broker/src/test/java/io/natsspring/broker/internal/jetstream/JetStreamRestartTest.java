package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JetStreamRestartTest extends JetStreamTestSupport {

    @Test
    void fileStreamsSurviveRestartMemoryStreamsDoNot() throws Exception {
        startAndConnect();
        StreamConfiguration fileCfg = StreamConfiguration.builder()
                .name("F")
                .subjects("f.*")
                .storageType(StorageType.File)
                .maxMessagesPerSubject(10)
                .allowDirect(true)
                .metadata(Map.of("owner", "test"))
                .duplicateWindow(Duration.ofMinutes(1))
                .build();
        StreamInfo created = jsm.addStream(fileCfg);
        createStream("MEM", StorageType.Memory, "mem");
        for (int i = 1; i <= 20; i++) {
            js.publish(
                    "f." + (i % 2),
                    ("m" + i).getBytes(),
                    PublishOptions.builder().messageId("id" + i).build());
        }
        js.publish("mem", new byte[0]);
        jsm.deleteMessage("F", 5);
        nc.close();
        broker.close();

        startAndConnect();
        assertThat(jsm.getStreamNames()).containsExactly("F");
        StreamInfo si = jsm.getStreamInfo("F");
        assertThat(si.getConfiguration().getMetadata()).containsEntry("owner", "test");
        assertThat(si.getConfiguration().getAllowDirect()).isTrue();
        assertThat(si.getCreateTime()).isEqualTo(created.getCreateTime());
        assertThat(si.getStreamState().getMsgCount()).isEqualTo(19);
        assertThat(si.getStreamState().getLastSequence()).isEqualTo(20);
        assertThat(new String(jsm.getMessage("F", 20).getData())).isEqualTo("m20");
        // sequences continue, dedup window survives, create with the same config stays idempotent
        assertThat(js.publish("f.1", new byte[0]).getSeqno()).isEqualTo(21);
        assertThat(js.publish(
                                "f.1",
                                new byte[0],
                                PublishOptions.builder().messageId("id20").build())
                        .isDuplicate())
                .isTrue();
        assertThat(jsm.addStream(fileCfg).getCreateTime()).isEqualTo(created.getCreateTime());
    }

    @Test
    void updatedConfigIsPersisted() throws Exception {
        startAndConnect();
        createStream("U", StorageType.File, "u");
        jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("U").getConfiguration())
                .maxMessages(5)
                .subjects("u", "u2")
                .build());
        broker.close();
        NatsBroker again = startBroker(BrokerOptions.builder());
        var jsm2 = connect(again).jetStreamManagement();
        StreamConfiguration c = jsm2.getStreamInfo("U").getConfiguration();
        assertThat(c.getMaxMsgs()).isEqualTo(5);
        assertThat(c.getSubjects()).containsExactly("u", "u2");
    }
}
