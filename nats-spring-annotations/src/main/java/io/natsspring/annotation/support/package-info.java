/**
 * Message conversion and handler-method argument binding: payload converters, the mapping of a jnats message to a
 * Spring {@code Message}, and the argument resolvers for headers, subject, reply-to and the raw message.
 */
@NullMarked
package io.natsspring.annotation.support;

import org.jspecify.annotations.NullMarked;
