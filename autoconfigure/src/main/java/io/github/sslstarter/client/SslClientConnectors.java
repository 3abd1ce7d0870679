package io.github.sslstarter.client;

import java.util.function.Consumer;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.sslstarter.autoconfigure.SslContexts;

/**
 * {@code WebClient} on a named context, the way Spring Boot's {@code WebClientSsl} puts it on an
 * SSL bundle: the application's connector builder (Reactor Netty when it is on the class path;
 * {@code spring.http.clients.reactive.connector} chooses) and its {@code spring.http.clients.*}
 * settings, with the context's TLS.
 *
 * <pre>{@code
 * WebClient partners = webClientBuilder.apply(ssl.webClient("partners")).build();
 * }</pre>
 */
public final class SslClientConnectors {

	static final String SETTING = "spring.http.clients.reactive.connector";

	private final SslContexts contexts;

	private final ClientHttpConnectorBuilder<?> builder;

	private final HttpClientSettings settings;

	SslClientConnectors(SslContexts contexts, ClientHttpConnectorBuilder<?> builder, HttpClientSettings settings) {
		this.contexts = contexts;
		this.builder = builder;
		this.settings = settings.withSslBundle(null);
	}

	/** The connector builder with context {@code name}'s TLS. */
	public ClientHttpConnectorBuilder<?> builder(String name) {
		return SslRequestFactoryBuilders.bind(this.builder, this.contexts.contextFactory(name), SETTING);
	}

	/** A connector with context {@code name}'s TLS and the application's client settings. */
	public ClientHttpConnector connector(String name) {
		return builder(name).build(this.settings);
	}

	/** Puts context {@code name}'s connector on a {@code WebClient.Builder}. */
	public Consumer<WebClient.Builder> webClient(String name) {
		ClientHttpConnector connector = connector(name);
		return (webClient) -> webClient.clientConnector(connector);
	}

}
