package io.github.sslstarter.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The context Spring Boot's auto-configured HTTP clients use.
 *
 * @param context Name of the TLS context (primary for the top-level ssl.*, or one of
 * ssl.contexts) that every auto-configured RestClient.Builder, RestTemplateBuilder and
 * WebClient.Builder connects with. When not set, Spring Boot's spring.http.clients.ssl.bundle
 * decides.
 */
@ConfigurationProperties("ssl.http-clients")
public record SslHttpClientsProperties(String context) {

}
