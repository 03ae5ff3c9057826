package io.natsspring.boot.kvconfig;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * How the keys of a configuration bucket become property names: the key as is, with {@code /} read as {@code .}
 * (so {@code app.feature.enabled} and {@code app/feature/enabled} are both the property
 * {@code app.feature.enabled}). A key with {@code =} or an empty element ({@code a//b}, {@code /a}) is not a
 * property name; two keys that map to the same name are a conflict.
 */
public final class KeyValuePropertyNames {

    private static final Pattern ELEMENT = Pattern.compile("[A-Za-z0-9_-]+");

    private KeyValuePropertyNames() {}

    /** The property name of {@code key}, or {@code null} when the key can not be one. */
    public static String propertyName(String key) {
        String name = key.replace('/', '.');
        for (String element : name.split("\\.", -1)) {
            if (!ELEMENT.matcher(element).matches()) {
                return null;
            }
        }
        return name;
    }

    /**
     * The properties of a bucket's keys and values. Each key that is not a property name, or that maps to the
     * same name as another key, is passed to {@code rejected} with the reason and left out.
     */
    public static Map<String, String> toProperties(Map<String, String> values, BiConsumer<String, String> rejected) {
        Map<String, String> properties = new TreeMap<>();
        Map<String, String> keyOfName = new TreeMap<>();
        new TreeMap<>(values).forEach((key, value) -> {
            String name = propertyName(key);
            if (name == null) {
                rejected.accept(
                        key,
                        "it is not a property name (a key is mapped by reading '/' as '.';"
                                + " each element must be A-Z a-z 0-9 - _, so no '=' and no empty element)");
                return;
            }
            String other = keyOfName.putIfAbsent(name, key);
            if (other != null) {
                rejected.accept(key, "key '" + other + "' maps to the same property '" + name + "'");
                return;
            }
            properties.put(name, value);
        });
        return properties;
    }
}
