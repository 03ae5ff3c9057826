/** GraalVM native-image support: runtime hints registered through {@code META-INF/spring/aot.factories}. */
package io.natsspring.boot.aot;
