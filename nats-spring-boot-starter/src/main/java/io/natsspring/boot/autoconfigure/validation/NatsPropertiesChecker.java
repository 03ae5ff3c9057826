package io.natsspring.boot.autoconfigure.validation;

import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.UnknownPropertiesAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Checks the {@code nats.*} configuration once the bean definitions are known and before any bean is created (so
 * before the embedded broker starts or the connection opens): unknown keys (per {@code nats.unknown-properties})
 * and the stream, consumer and bucket declarations. Fails with an {@link InvalidNatsPropertiesException} listing
 * every problem.
 */
public class NatsPropertiesChecker
        implements BeanFactoryPostProcessor, EnvironmentAware, BeanClassLoaderAware, Ordered {

    private static final Log log = LogFactory.getLog(NatsPropertiesChecker.class);

    static final String ACTION = "Correct the properties listed above (docs/configuration.md lists every nats.* key)."
            + " To only log unknown keys instead of failing, set nats.unknown-properties=warn.";

    private Environment environment;
    private ClassLoader classLoader = NatsPropertiesChecker.class.getClassLoader();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment, classLoader);
    }

    /** Runs the checks on {@code environment}; throws when a problem must stop startup. */
    public static void check(Environment environment, ClassLoader classLoader) {
        NatsProperties properties =
                Binder.get(environment).bind("nats", NatsProperties.class).orElseGet(NatsProperties::new);
        List<String> problems = new ArrayList<>();
        UnknownPropertiesAction action = properties.getUnknownProperties();
        if (action != UnknownPropertiesAction.IGNORE) {
            for (UnknownProperties.Unknown unknown : UnknownProperties.find(environment, classLoader)) {
                if (action == UnknownPropertiesAction.FAIL && !unknown.environmentVariable()) {
                    problems.add(unknown.describe());
                } else {
                    log.warn(unknown.describe()
                            + (unknown.environmentVariable()
                                    ? " [from an environment variable: only logged, since other NATS tools use NATS_* too]"
                                    : ""));
                }
            }
        }
        if (properties.getJetstream().getDeclarations().isEnabled()) {
            problems.addAll(DeclarationValidator.validate(properties.getJetstream()));
        }
        problems.addAll(BrokerSecurityValidator.validate(properties.getBroker()));
        if (!problems.isEmpty()) {
            throw new InvalidNatsPropertiesException(problems, ACTION);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
