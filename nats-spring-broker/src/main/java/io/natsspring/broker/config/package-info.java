/**
 * Reading a {@code nats-server} configuration file into {@link io.natsspring.broker.BrokerOptions}: {@link
 * io.natsspring.broker.config.NatsServerConfigFile}, and {@link io.natsspring.broker.config.ConfigFileException}
 * naming the file, line and key of a mistake. Part of the public API, for embedders (the Spring Boot starter's
 * {@code nats.broker.config-file}) that start the broker from a file as the {@code nats-spring-broker} command does.
 */
package io.natsspring.broker.config;
