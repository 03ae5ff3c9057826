package io.natsspring.boot.kvconfig;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Binds the {@code @ConfigurationProperties} beans that exist again, from the current Environment, with Boot's own
 * {@link ConfigurationPropertiesBindingPostProcessor} (same conversion, same {@code @Validated} validation).
 *
 * <p>A JavaBean-style class with a no-argument constructor is bound into a new instance whose properties are then
 * copied into the bean, so a removed property goes back to its default; if binding fails (e.g. validation) the bean
 * is left as it was. Other JavaBean-style beans are bound in place (a removed property keeps its last value).
 * Constructor-bound beans (records, {@code @ConstructorBinding}) are immutable and not re-bound.
 */
final class ConfigurationPropertiesRebinder {

    private static final Log log = LogFactory.getLog(ConfigurationPropertiesRebinder.class);

    private final ConfigurableApplicationContext context;

    ConfigurationPropertiesRebinder(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Re-binds every existing {@code @ConfigurationProperties} singleton; returns the names of those re-bound. */
    List<String> rebindAll() {
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        if (!beanFactory.containsBean(ConfigurationPropertiesBindingPostProcessor.BEAN_NAME)) {
            return List.of();
        }
        ConfigurationPropertiesBindingPostProcessor binder = beanFactory.getBean(
                ConfigurationPropertiesBindingPostProcessor.BEAN_NAME,
                ConfigurationPropertiesBindingPostProcessor.class);
        List<String> rebound = new ArrayList<>();
        for (String name : beanFactory.getSingletonNames()) {
            Object singleton = beanFactory.getSingleton(name);
            if (singleton == null) {
                continue;
            }
            Object bean = unwrap(singleton);
            ConfigurationPropertiesBean properties = ConfigurationPropertiesBean.get(context, bean, name);
            if (properties == null || properties.asBindTarget().getBindMethod() != BindMethod.JAVA_BEAN) {
                continue;
            }
            try {
                rebind(binder, bean, name);
                rebound.add(name);
            } catch (RuntimeException ex) {
                log.error(
                        "@ConfigurationProperties bean '" + name + "' keeps its values: binding the changed"
                                + " configuration failed: " + ex.getMessage(),
                        ex);
            }
        }
        return rebound;
    }

    private static Object unwrap(Object bean) {
        Object target = AopProxyUtils.getSingletonTarget(bean);
        return target != null ? target : bean;
    }

    private static void rebind(ConfigurationPropertiesBindingPostProcessor binder, Object bean, String name) {
        Object fresh = newInstance(bean.getClass());
        if (fresh == null) {
            binder.postProcessBeforeInitialization(bean, name);
            return;
        }
        binder.postProcessBeforeInitialization(fresh, name);
        copyProperties(fresh, bean, 0);
    }

    private static Object newInstance(Class<?> type) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            return BeanUtils.instantiateClass(constructor);
        } catch (NoSuchMethodException | RuntimeException ex) {
            return null;
        }
    }

    /** Copies the readable and writable properties; recurses into read-only nested objects. */
    private static void copyProperties(Object from, Object to, int depth) {
        if (depth > 8) {
            return;
        }
        BeanWrapper source = PropertyAccessorFactory.forBeanPropertyAccess(from);
        BeanWrapper target = PropertyAccessorFactory.forBeanPropertyAccess(to);
        for (PropertyDescriptor descriptor : source.getPropertyDescriptors()) {
            String property = descriptor.getName();
            if (!source.isReadableProperty(property) || "class".equals(property)) {
                continue;
            }
            Object value = source.getPropertyValue(property);
            if (target.isWritableProperty(property)) {
                target.setPropertyValue(property, value);
            } else if (value != null && isNested(value.getClass())) {
                Object existing = target.getPropertyValue(property);
                if (existing != null && existing != value) {
                    copyProperties(value, existing, depth + 1);
                }
            }
        }
    }

    private static boolean isNested(Class<?> type) {
        return !BeanUtils.isSimpleValueType(type)
                && !type.isArray()
                && !type.getName().startsWith("java.")
                && !type.isEnum();
    }
}
