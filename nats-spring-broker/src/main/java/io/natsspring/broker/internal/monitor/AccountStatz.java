package io.natsspring.broker.internal.monitor;

import io.natsspring.broker.internal.client.ClientConnection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One account's statistics as {@code nats-server}'s {@code AccountStat}: connections, subscriptions, messages and
 * bytes sent to and received from the account's connections since the start (those that closed included, as
 * {@code nats-server} keeps an account's totals). Rendered by {@code /accstatz} and the system account's {@code STATZ}
 * requests.
 */
public final class AccountStatz {

    private final MonitoredBroker broker;

    public AccountStatz(MonitoredBroker broker) {
        this.broker = broker;
    }

    /** Open client connections of {@code account}. */
    public int connections(String account) {
        int n = 0;
        for (ClientConnection c : broker.connections()) {
            if (account.equals(c.account())) {
                n++;
            }
        }
        return n;
    }

    /** The stat of {@code account}: {@code acc, name, conns, leafnodes, total_conns, num_subscriptions, …}. */
    public Map<String, Object> of(String account) {
        int conns = 0;
        Traffic closed = broker.closedTraffic(account);
        long inMsgs = closed.inMsgs();
        long inBytes = closed.inBytes();
        long outMsgs = closed.outMsgs();
        long outBytes = closed.outBytes();
        for (ClientConnection c : broker.connections()) {
            if (account.equals(c.account())) {
                conns++;
                inMsgs += c.inMsgs();
                inBytes += c.inBytes();
                outMsgs += c.outMsgs();
                outBytes += c.outBytes();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acc", account);
        m.put("name", account);
        m.put("conns", conns);
        m.put("leafnodes", 0);
        m.put("total_conns", conns);
        m.put("num_subscriptions", broker.accountSubscriptionCount(account));
        m.put("sent", dataStats(outMsgs, outBytes));
        m.put("received", dataStats(inMsgs, inBytes));
        m.put("slow_consumers", 0);
        return m;
    }

    private static Map<String, Object> dataStats(long msgs, long bytes) {
        Map<String, Object> m = msgBytes(msgs, bytes);
        for (String k : new String[] {"gateways", "routes", "leafs"}) {
            m.put(k, msgBytes(0, 0));
        }
        return m;
    }

    private static Map<String, Object> msgBytes(long msgs, long bytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgs", msgs);
        m.put("bytes", bytes);
        return m;
    }
}
