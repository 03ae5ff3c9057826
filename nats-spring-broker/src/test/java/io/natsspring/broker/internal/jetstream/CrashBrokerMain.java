package io.natsspring.broker.internal.jetstream;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;

/** A broker with JetStream in a child JVM for the crash test: prints {@code PORT <n>} and runs until killed. */
public final class CrashBrokerMain {

    private CrashBrokerMain() {}

    public static void main(String[] args) throws Exception {
        NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(Path.of(args[0]))
                        .build())
                .start();
        System.out.println("PORT " + broker.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
