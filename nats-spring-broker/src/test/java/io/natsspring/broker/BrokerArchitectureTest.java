package io.natsspring.broker;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.natsspring.broker.internal.account.AccountSpec;
import io.natsspring.broker.internal.account.JwtAccountSpecs;
import io.natsspring.broker.internal.auth.AuthNKeyUser;
import io.natsspring.broker.internal.auth.AuthUser;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.OperatorTrust;
import io.natsspring.broker.internal.auth.PermissionPatterns;
import io.natsspring.broker.internal.auth.ResponsePermission;
import io.natsspring.broker.internal.client.ConnectionLimits;
import io.natsspring.broker.internal.jetstream.JetStreamSettings;
import io.natsspring.broker.internal.server.BrokerServer;
import io.natsspring.broker.internal.server.ServerReload;
import io.natsspring.broker.internal.server.ServerSettings;
import io.natsspring.broker.internal.server.ServerStartException;
import io.natsspring.broker.internal.tls.ClientTls;
import io.natsspring.broker.internal.tls.TlsSettings;
import io.natsspring.broker.internal.websocket.WebSocketSettings;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The broker's package rules (see {@code docs/broker-internals.md}): no package cycles, dependencies only down the
 * layer order, no Spring and no NATS client in the broker, and a public API that needs only a few internals.
 */
class BrokerArchitectureTest {

    private static final String ROOT = "io.natsspring.broker";
    private static final String INTERNAL = ROOT + ".internal";

    /** The layers, lowest first: each may use only the layers before it. */
    private static final String[][] LAYERS = {
        {"routing", INTERNAL + ".routing.."},
        {"protocol", INTERNAL + ".protocol.."},
        {"trace", INTERNAL + ".trace.."},
        {"store", INTERNAL + ".store.."},
        {"jetstream.base", INTERNAL + ".jetstream.base.."},
        {"auth", INTERNAL + ".auth.."},
        {"tls", INTERNAL + ".tls.."},
        {"client", INTERNAL + ".client.."},
        {"websocket", INTERNAL + ".websocket.."},
        {"jetstream.messaging", INTERNAL + ".jetstream.messaging.."},
        {"jetstream.stream", INTERNAL + ".jetstream.stream.."},
        {"jetstream.consumer", INTERNAL + ".jetstream.consumer.."},
        {"jetstream.replication", INTERNAL + ".jetstream.replication.."},
        {"jetstream.account", INTERNAL + ".jetstream.account.."},
        {"jetstream.snapshot", INTERNAL + ".jetstream.snapshot.."},
        {"jetstream.api", INTERNAL + ".jetstream.api.."},
        {"jetstream", INTERNAL + ".jetstream"},
        {"account", INTERNAL + ".account.."},
        {"leaf", INTERNAL + ".leaf.."},
        {"monitor", INTERNAL + ".monitor.."},
        {"system", INTERNAL + ".system.."},
        {"server", INTERNAL + ".server.."},
        {"api", ROOT},
        {"launcher.config", INTERNAL + ".launcher.config.."},
        {"api.config", ROOT + ".config.."},
        {"launcher", INTERNAL + ".launcher"},
    };

    /** The API classes that turn the public options into internal settings: the only ones that see internals. */
    private static final Class<?>[] TRANSLATING = {
        NatsBroker.class, TlsTranslation.class, AccountTranslation.class, ListenerTranslation.class
    };

    /** The broker's main classes, read from where {@link NatsBroker} was loaded (not the whole class path). */
    private static final JavaClasses BROKER = new ClassFileImporter().importPath(mainClasses());

    private static Path mainClasses() {
        try {
            return Path.of(NatsBroker.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheWholeBroker() {
        assertThat(BROKER.containPackage(INTERNAL + ".jetstream.api")).isTrue();
        assertThat(BROKER.contain(NatsBroker.class)).isTrue();
    }

    @Test
    void noPackageCycles() {
        SliceAssignment byPackage = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return SliceIdentifier.of(javaClass.getPackageName());
            }

            @Override
            public String getDescription() {
                return "one slice per package";
            }
        };
        slices().assignedFrom(byPackage).should().beFreeOfCycles().check(BROKER);
    }

    @Test
    void dependenciesPointDownTheLayerOrder() {
        Architectures.LayeredArchitecture layers =
                Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String[] layer : LAYERS) {
            layers = layers.layer(layer[0]).definedBy(layer[1]);
        }
        for (int i = 0; i < LAYERS.length - 1; i++) {
            String[] above = new String[LAYERS.length - 1 - i];
            for (int j = i + 1; j < LAYERS.length; j++) {
                above[j - i - 1] = LAYERS[j][0];
            }
            layers = layers.whereLayer(LAYERS[i][0]).mayOnlyBeAccessedByLayers(above);
        }
        layers = layers.whereLayer(LAYERS[LAYERS.length - 1][0]).mayNotBeAccessedByAnyLayer();
        layers.check(BROKER);
    }

    @Test
    void noSpringInTheBroker() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(BROKER);
    }

    @Test
    void noNatsClientInBrokerMainCode() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.nats..").check(BROKER);
    }

    @Test
    void apiValueTypesUseNoInternals() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage(ROOT)
                .and()
                .doNotBelongToAnyOf(TRANSLATING)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(INTERNAL + "..");
        rule.check(BROKER);
    }

    @Test
    void natsBrokerUsesOnlyTheInternalsItMust() {
        classes()
                .that()
                .belongToAnyOf(TRANSLATING)
                .should()
                .onlyDependOnClassesThat(not(resideInAPackage(INTERNAL + ".."))
                        .or(belongToAnyOf(
                                BrokerServer.class,
                                ServerReload.class,
                                ServerSettings.class,
                                ServerReload.class,
                                ServerStartException.class,
                                AccountSpec.class,
                                Authenticator.class,
                                OperatorTrust.class,
                                JwtAccountSpecs.class,
                                io.natsspring.broker.internal.account.ActivationExpiryTimer.class,
                                io.natsspring.broker.internal.auth.JwtDirectory.class,
                                io.natsspring.broker.internal.auth.JwtAccount.class,
                                io.natsspring.broker.internal.system.ClaimsRequests.class,
                                io.natsspring.broker.internal.system.ClaimsRequests.Changes.class,
                                io.natsspring.broker.internal.system.MemoryClaimsUpdates.class,
                                io.natsspring.broker.internal.system.MemoryClaimsUpdates.Accounts.class,
                                io.natsspring.broker.internal.auth.AccountServer.class,
                                io.natsspring.broker.internal.auth.AccountServer.FetchException.class,
                                io.natsspring.broker.internal.auth.NKeyVerifier.class,
                                io.natsspring.broker.internal.system.SystemService.class,
                                io.natsspring.broker.internal.system.SystemRequests.class,
                                AuthUser.class,
                                AuthNKeyUser.class,
                                ResponsePermission.class,
                                PermissionPatterns.class,
                                ConnectionLimits.class,
                                JetStreamSettings.class,
                                ClientTls.class,
                                TlsSettings.class,
                                io.natsspring.broker.internal.tls.OcspPeerPolicy.class,
                                io.natsspring.broker.internal.tls.HttpsClientTls.class,
                                io.natsspring.broker.internal.leaf.LeafNodes.class,
                                io.natsspring.broker.internal.leaf.LeafSettings.class,
                                io.natsspring.broker.internal.leaf.LeafSettings.Authorization.class,
                                io.natsspring.broker.internal.leaf.LeafSettings.User.class,
                                io.natsspring.broker.internal.leaf.LeafSettings.Remote.class,
                                io.natsspring.broker.internal.tls.OutboundTls.class,
                                io.natsspring.broker.internal.leaf.LeafLinkInfo.class,
                                io.natsspring.broker.internal.leaf.LeafRemoteState.class,
                                WebSocketSettings.class,
                                io.natsspring.broker.internal.trace.TraceDestination.class)))
                .check(BROKER);
    }

    @Test
    void publicApiSignaturesExposeNoInternalTypes() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : List.of(
                NatsBroker.class,
                BrokerOptions.class,
                BrokerOptions.Builder.class,
                BrokerStartException.class,
                UserConfig.class,
                PermissionsConfig.class,
                AccountConfig.class,
                LeafNodeConfig.class,
                OperatorConfig.class,
                TlsConfig.class,
                TlsConfig.Builder.class,
                io.natsspring.broker.config.NatsServerConfigFile.class,
                io.natsspring.broker.config.ConfigFileException.class)) {
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            members.addAll(List.<Constructor<?>>of(type.getDeclaredConstructors()));
            for (Executable m : members) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                List<Class<?>> used = new ArrayList<>(List.of(m.getParameterTypes()));
                if (m instanceof Method method) {
                    used.add(method.getReturnType());
                }
                for (Class<?> c : used) {
                    if (c.getName().startsWith(INTERNAL)) {
                        leaks.add(type.getSimpleName() + "." + m.getName() + " uses " + c.getName());
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }
}
