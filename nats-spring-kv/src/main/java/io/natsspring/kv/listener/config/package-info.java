/** Detection of {@code @KeyValueListener} methods and their registration as listener containers. */
@NullMarked
package io.natsspring.kv.listener.config;

import org.jspecify.annotations.NullMarked;
