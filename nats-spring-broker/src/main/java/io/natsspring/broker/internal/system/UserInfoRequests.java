package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.account.Accounts;
import io.natsspring.broker.internal.auth.JwtSession;
import io.natsspring.broker.internal.client.ClientConnection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code $SYS.REQ.USER.INFO}, which nats-server imports into every account: tells the requesting client who it is
 * ({@code user}, {@code account}, {@code account_name}, {@code user_name}), its permissions and how long until its
 * authentication expires ({@code expires}, nanoseconds truncated to the second).
 */
final class UserInfoRequests {

    private static final String SUBJECT = "$SYS.REQ.USER.INFO";

    private UserInfoRequests() {}

    /** Registers the request in the system account and in every other account. */
    static void registerAll(SystemRequests requests, Accounts accounts) {
        for (Account a : accounts.all()) {
            if (a == accounts.system()) {
                requests.register(SUBJECT, UserInfoRequests::answer);
            } else {
                requests.register(a.name(), a.router(), SUBJECT, UserInfoRequests::answer);
            }
        }
    }

    private static Object answer(SystemRequest r) {
        ClientConnection c = r.requester();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        if (c == null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", 400);
            m.put("error", e);
            return m;
        }
        JwtSession jwt = c.jwtSession();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", c.user() == null ? "" : c.user());
        data.put("account", c.account());
        String accountName = jwt != null && !jwt.accountName().isEmpty() ? jwt.accountName() : c.account();
        data.put("account_name", accountName);
        if (jwt != null && !jwt.userName().isEmpty()) {
            data.put("user_name", jwt.userName());
        }
        Map<String, Object> permissions = c.permissions().describe();
        if (permissions != null) {
            data.put("permissions", permissions);
        }
        if (jwt != null && jwt.expiresAt() > 0) {
            long left = Math.max(0, jwt.expiresAt() * 1000 - System.currentTimeMillis()) / 1000;
            if (left > 0) {
                data.put("expires", left * 1_000_000_000L);
            }
        }
        m.put("data", data);
        return m;
    }
}
