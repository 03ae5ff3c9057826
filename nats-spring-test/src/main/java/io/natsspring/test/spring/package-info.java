/**
 * The Spring test context side of {@link io.natsspring.test.EmbeddedNatsBroker}: the broker belongs to the
 * application context, which connects to it. Active only when {@code spring-test} is on the test class path
 * (registered in {@code META-INF/spring.factories}).
 */
package io.natsspring.test.spring;
