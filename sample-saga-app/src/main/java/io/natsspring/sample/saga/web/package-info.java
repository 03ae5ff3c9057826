/** HTTP concerns shared by the services' controllers: problem details for invalid requests, 503 while JetStream is unavailable. */
package io.natsspring.sample.saga.web;
