package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.boot.autoconfigure.NatsBrokerProperties;
import io.natsspring.broker.AllowResponses;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.UserConfig;
import java.nio.file.Path;
import org.springframework.util.StringUtils;

/** Turns {@code nats.broker.*} into {@link BrokerOptions}. */
final class EmbeddedBrokerOptionsFactory {

    private EmbeddedBrokerOptionsFactory() {}

    /** The store directory used when {@code nats.broker.store-dir} is not set. */
    static Path defaultStoreDir(String applicationName) {
        String name = StringUtils.hasText(applicationName)
                ? applicationName.replaceAll("[^A-Za-z0-9._-]", "_")
                : "application";
        return Path.of(System.getProperty("java.io.tmpdir"), "nats-spring", name);
    }

    static BrokerOptions.Builder create(NatsBrokerProperties broker, String applicationName) {
        BrokerOptions.Builder b = BrokerOptions.builder()
                .host(broker.getHost())
                .port(broker.getPort())
                .maxPayload(Math.toIntExact(broker.getMaxPayload().toBytes()))
                .maxConnections(broker.getMaxConnections())
                .httpPort(broker.getMonitoringPort())
                .jetStream(broker.isJetstream());
        String serverName = StringUtils.hasText(broker.getServerName()) ? broker.getServerName() : applicationName;
        if (StringUtils.hasText(serverName)) {
            b.serverName(serverName);
        }
        if (broker.isJetstream()) {
            b.storeDir(broker.getStoreDir() != null ? broker.getStoreDir() : defaultStoreDir(applicationName));
            if (broker.getMaxMemoryStore() != null) {
                b.maxMemoryStore(broker.getMaxMemoryStore().toBytes());
            }
            if (broker.getMaxFileStore() != null) {
                b.maxFileStore(broker.getMaxFileStore().toBytes());
            }
        }
        if (StringUtils.hasText(broker.getToken())) {
            b.token(broker.getToken());
        }
        for (NatsBrokerProperties.User user : broker.getUsers()) {
            PermissionsConfig permissions = user.hasPermissions()
                    ? new PermissionsConfig(
                            user.getPublishAllow(),
                            user.getPublishDeny(),
                            user.getSubscribeAllow(),
                            user.getSubscribeDeny(),
                            user.isAllowResponses() ? AllowResponses.DEFAULT : null)
                    : null;
            b.addUser(
                    StringUtils.hasText(user.getNkey())
                            ? UserConfig.nkey(user.getNkey(), permissions)
                            : new UserConfig(user.getUsername(), user.getPassword(), permissions));
        }
        if (StringUtils.hasText(broker.getNoAuthUser())) {
            b.noAuthUser(broker.getNoAuthUser());
        }
        return b;
    }
}
