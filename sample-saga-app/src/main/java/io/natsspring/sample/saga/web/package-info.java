/** HTTP concerns shared by the services' controllers: problem details for invalid requests. */
package io.natsspring.sample.saga.web;
