package io.natsspring.annotation.listener;

import io.natsspring.annotation.support.NatsMessageHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * The default error handler: logs the listener id, subject and a short payload preview, then rethrows so that the
 * failure keeps its consequences (error reply, nak or term). A {@link NatsServiceException} with a 4xx code is the
 * answer the method chose for a bad request (e.g. 404 for an unknown id), not a failure of the listener: it is
 * logged at DEBUG without a stack trace; everything else at WARN with it.
 */
public class LoggingNatsListenerErrorHandler implements NatsListenerErrorHandler {

    private static final Log LOG = LogFactory.getLog(LoggingNatsListenerErrorHandler.class);
    private static final int PREVIEW_BYTES = 128;

    @Override
    public @Nullable Object handleError(Message<?> message, ListenerExecutionFailedException exception) {
        if (exception.getCause() instanceof NatsServiceException answer && isClientError(answer)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Listener '" + exception.getListenerId() + "' answered " + answer.getCode() + " ("
                        + answer.getMessage() + ") on subject '"
                        + message.getHeaders().get(NatsMessageHeaders.SUBJECT)
                        + "', payload " + preview(message));
            }
        } else if (LOG.isWarnEnabled()) {
            LOG.warn(
                    "Listener '" + exception.getListenerId() + "' failed on subject '"
                            + message.getHeaders().get(NatsMessageHeaders.SUBJECT) + "', payload " + preview(message),
                    exception.getCause());
        }
        throw exception;
    }

    private static boolean isClientError(NatsServiceException answer) {
        return answer.getCode() >= 400 && answer.getCode() < 500;
    }

    /** At most 128 bytes of the payload as text, with its full length. */
    public static String preview(Message<?> message) {
        if (!(message.getPayload() instanceof byte[] bytes)) {
            return String.valueOf(message.getPayload());
        }
        int shown = Math.min(bytes.length, PREVIEW_BYTES);
        String text = new String(bytes, 0, shown, StandardCharsets.UTF_8)
                .replace('\n', ' ')
                .replace('\r', ' ');
        return "[" + bytes.length + " bytes] \"" + text + (shown < bytes.length ? "...\"" : "\"");
    }
}
