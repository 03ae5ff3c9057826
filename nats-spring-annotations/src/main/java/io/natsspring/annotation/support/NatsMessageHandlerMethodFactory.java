package io.natsspring.annotation.support;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.convert.ConversionService;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.HeadersMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.MessageMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.PayloadMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * The handler-method factory of NATS listeners: Spring Messaging's invocable handler methods with the NATS argument
 * resolvers, in this order: {@code @Header}, {@code @Headers}, {@code @Subject}, {@code @ReplyTo}, jnats
 * {@code Message}, JetStream metadata, {@code Acknowledgment}, {@code Message<T>}, custom resolvers, then the payload
 * (converted by a {@link NatsMessageConverter} and validated when annotated with {@code @Valid}/{@code @Validated}).
 */
public class NatsMessageHandlerMethodFactory extends DefaultMessageHandlerMethodFactory {

    private final NatsPayloadMessageConverter payloadConverter;
    private final ConversionService conversionService = new DefaultFormattingConversionService();
    private @Nullable Validator validator;
    private @Nullable ConfigurableBeanFactory beanFactory;
    private final List<HandlerMethodArgumentResolver> customResolvers = new ArrayList<>();

    public NatsMessageHandlerMethodFactory(NatsMessageConverter converter) {
        this.payloadConverter = new NatsPayloadMessageConverter(converter);
        setMessageConverter(payloadConverter);
        setConversionService(conversionService);
    }

    @Override
    public void setValidator(Validator validator) {
        this.validator = validator;
        super.setValidator(validator);
    }

    @Override
    public void setCustomArgumentResolvers(List<HandlerMethodArgumentResolver> customArgumentResolvers) {
        this.customResolvers.clear();
        this.customResolvers.addAll(customArgumentResolvers);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        this.beanFactory = beanFactory instanceof ConfigurableBeanFactory cbf ? cbf : null;
    }

    @Override
    protected List<HandlerMethodArgumentResolver> initArgumentResolvers() {
        List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
        resolvers.add(new NatsHeaderArgumentResolver(conversionService, beanFactory));
        resolvers.add(new HeadersMethodArgumentResolver());
        resolvers.add(new SubjectArgumentResolver());
        resolvers.add(new ReplyToArgumentResolver());
        resolvers.add(new NatsMessageArgumentResolver());
        resolvers.add(new JetStreamMetaDataArgumentResolver());
        resolvers.add(new AcknowledgmentArgumentResolver());
        resolvers.add(new MessageMethodArgumentResolver(payloadConverter));
        resolvers.addAll(customResolvers);
        resolvers.add(new PayloadMethodArgumentResolver(payloadConverter, validator));
        return resolvers;
    }
}
