package io.natsspring.boot.autoconfigure.validation;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The property names a {@code @ConfigurationProperties} class binds, as a tree walked the way Spring Boot's binder
 * walks the class (JavaBean properties, list elements, map entries), plus the names listed in the configuration
 * metadata on the class path. Answers whether a name exists and, when not, which valid name is nearest.
 */
final class NatsPropertyTree {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private final ConfigurationPropertyName root;
    private final Node rootNode;
    private final Set<ConfigurationPropertyName> metadataNames;

    private NatsPropertyTree(
            ConfigurationPropertyName root, Node rootNode, Set<ConfigurationPropertyName> metadataNames) {
        this.root = root;
        this.rootNode = rootNode;
        this.metadataNames = metadataNames;
    }

    /** The tree of {@code type} bound at {@code prefix}, with the metadata names under the prefix from {@code classLoader}. */
    static NatsPropertyTree of(String prefix, Class<?> type, ClassLoader classLoader) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        return new NatsPropertyTree(root, bean(type, new HashSet<>()), metadataNames(root, classLoader));
    }

    /** Empty when {@code name} is a valid name (or not under the prefix); otherwise where it goes wrong. */
    Optional<Mismatch> check(ConfigurationPropertyName name) {
        if (!root.isAncestorOf(name) || metadataNames.contains(name)) {
            return Optional.empty();
        }
        Node node = rootNode;
        for (int i = root.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, ConfigurationPropertyName.Form.UNIFORM);
            Node next = node.child(element);
            if (next == null) {
                return Optional.of(new Mismatch(
                        name.chop(i).toString(),
                        name.getElement(i, ConfigurationPropertyName.Form.DASHED),
                        node.childNames()));
            }
            node = next;
        }
        return Optional.empty();
    }

    /**
     * Where a name leaves the tree.
     *
     * @param parent     the valid part of the name before the unknown element
     * @param element    the first unknown element
     * @param candidates the valid elements at that place (empty for a value that takes no sub-keys)
     */
    record Mismatch(String parent, String element, Collection<String> candidates) {

        /** The valid name nearest to the unknown one, if one is near enough to be a plausible typo. */
        Optional<String> suggestion() {
            return EditDistance.nearest(element, candidates).map(c -> parent + "." + c);
        }
    }

    /** One place in the tree: which elements may follow it. */
    private interface Node {

        /** The node reached by {@code uniformElement}, or null when the element is not valid here. */
        Node child(String uniformElement);

        /** Valid elements here, in dashed form, for suggestions. */
        Collection<String> childNames();
    }

    /** A value: nothing may follow. */
    private static final Node LEAF = new Node() {
        @Override
        public Node child(String uniformElement) {
            return null;
        }

        @Override
        public Collection<String> childNames() {
            return Set.of();
        }
    };

    /** A map with arbitrary keys, or a type we do not look into: anything may follow. */
    private static final Node ANY = new Node() {
        @Override
        public Node child(String uniformElement) {
            return this;
        }

        @Override
        public Collection<String> childNames() {
            return Set.of();
        }
    };

    private record BeanNode(Map<String, String> dashedByUniform, Map<String, Node> children) implements Node {
        @Override
        public Node child(String uniformElement) {
            return children.get(uniformElement);
        }

        @Override
        public Collection<String> childNames() {
            return dashedByUniform.values();
        }
    }

    private record IndexedNode(Node element) implements Node {
        @Override
        public Node child(String uniformElement) {
            return !uniformElement.isEmpty() && uniformElement.chars().allMatch(Character::isDigit) ? element : null;
        }

        @Override
        public Collection<String> childNames() {
            return Set.of();
        }
    }

    private record MapNode(Node value) implements Node {
        @Override
        public Node child(String uniformElement) {
            return value;
        }

        @Override
        public Collection<String> childNames() {
            return Set.of();
        }
    }

    private static Node bean(Class<?> type, Set<Class<?>> visiting) {
        if (!visiting.add(type)) {
            return ANY;
        }
        Map<String, String> dashed = new LinkedHashMap<>();
        Map<String, Node> children = new LinkedHashMap<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() == null || "class".equals(property.getName())) {
                continue;
            }
            String name = DataObjectPropertyName.toDashedForm(property.getName());
            String uniform = ConfigurationPropertyName.of(name).getElement(0, ConfigurationPropertyName.Form.UNIFORM);
            dashed.put(uniform, name);
            children.put(uniform, node(ResolvableType.forMethodReturnType(property.getReadMethod()), visiting));
        }
        visiting.remove(type);
        return new BeanNode(dashed, children);
    }

    private static Node node(ResolvableType type, Set<Class<?>> visiting) {
        Class<?> raw = type.resolve(Object.class);
        if (raw.isArray()) {
            return new IndexedNode(node(type.getComponentType(), visiting));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return new IndexedNode(node(type.asCollection().getGeneric(0), visiting));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new MapNode(node(type.asMap().getGeneric(1), visiting));
        }
        if (raw == Object.class) {
            return ANY;
        }
        if (isValue(raw)) {
            return LEAF;
        }
        return bean(raw, visiting);
    }

    private static boolean isValue(Class<?> type) {
        String name = type.getName();
        return ClassUtils.isPrimitiveOrWrapper(type)
                || type.isEnum()
                || CharSequence.class.isAssignableFrom(type)
                || Number.class.isAssignableFrom(type)
                || Resource.class.isAssignableFrom(type)
                || name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("org.springframework.util.")
                || type == Class.class;
    }

    private static Set<ConfigurationPropertyName> metadataNames(
            ConfigurationPropertyName root, ClassLoader classLoader) {
        Set<ConfigurationPropertyName> names = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        try {
            Enumeration<URL> resources = classLoader.getResources(METADATA);
            while (resources.hasMoreElements()) {
                try (InputStream in = resources.nextElement().openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String value = property.path("name").asString("");
                        if (value.contains("[]") || !ConfigurationPropertyName.isValid(value)) {
                            continue; // list-entry descriptions (streams[].name): the class structure covers them
                        }
                        ConfigurationPropertyName name = ConfigurationPropertyName.of(value);
                        if (root.isAncestorOf(name)) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Metadata only widens what is accepted; the class structure is checked without it.
        }
        return names;
    }
}
