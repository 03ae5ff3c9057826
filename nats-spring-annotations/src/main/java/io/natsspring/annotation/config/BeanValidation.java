package io.natsspring.annotation.config;

import jakarta.validation.Validation;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/** Creates a Bean Validation backed Spring validator; only loaded when {@code jakarta.validation} is present. */
final class BeanValidation {

    private BeanValidation() {}

    /** A validator when a Bean Validation provider (e.g. Hibernate Validator) is on the classpath, else null. */
    static @Nullable Validator validatorIfProviderPresent() {
        try {
            Validation.byDefaultProvider().configure();
        } catch (RuntimeException ex) {
            return null;
        }
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        return validator;
    }
}
