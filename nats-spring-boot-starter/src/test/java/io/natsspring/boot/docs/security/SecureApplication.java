package io.natsspring.boot.docs.security;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application of docs/configuration.md's example "SSL bundle + mutual TLS + two accounts". */
@SpringBootApplication
public class SecureApplication {}
