package io.github.sslstarter.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The context Spring Boot's auto-configured HTTP clients use.
 *
 * @param context the name of the TLS context ({@code primary} for the top-level {@code ssl.*},
 * or one of {@code ssl.contexts}) that every auto-configured {@code RestClient.Builder},
 * {@code RestTemplateBuilder} and {@code WebClient.Builder} connects with (their request factory
 * and connector builders); unset leaves them to Spring Boot ({@code spring.http.clients.ssl.bundle})
 */
@ConfigurationProperties("ssl.http-clients")
public record SslHttpClientsProperties(String context) {

}
