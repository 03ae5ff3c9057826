package io.natsspring.boot.autoconfigure.listener;

import io.natsspring.annotation.listener.ConsumerDeclarationLocator;
import io.natsspring.boot.autoconfigure.ConsumerDeclaration;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamConsumerDeclaration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Names where a durable consumer is declared — {@code nats.jetstream.consumers[i]} or a
 * {@link JetStreamConsumerDeclaration} bean — so that a listener that disagrees with it says so.
 */
public class DeclaredConsumerLocator implements ConsumerDeclarationLocator {

    private final List<ConsumerDeclaration> properties;
    private final ListableBeanFactory beans;

    public DeclaredConsumerLocator(List<ConsumerDeclaration> properties, ListableBeanFactory beans) {
        this.properties = properties;
        this.beans = beans;
    }

    @Override
    public String locate(String stream, String durable) {
        for (int i = 0; i < properties.size(); i++) {
            ConsumerDeclaration declared = properties.get(i);
            if (Objects.equals(declared.getStream(), stream) && Objects.equals(declared.getDurable(), durable)) {
                return "nats.jetstream.consumers[" + i + "]";
            }
        }
        Map<String, JetStreamConsumerDeclaration> declarations =
                beans.getBeansOfType(JetStreamConsumerDeclaration.class, false, false);
        for (Map.Entry<String, JetStreamConsumerDeclaration> entry : declarations.entrySet()) {
            JetStreamConsumerDeclaration declared = entry.getValue();
            String name = declared.configuration().getDurable() != null
                    ? declared.configuration().getDurable()
                    : declared.configuration().getName();
            if (declared.stream().equals(stream) && durable.equals(name)) {
                return "the JetStreamConsumerDeclaration bean '" + entry.getKey() + "'";
            }
        }
        return null;
    }
}
