package io.github.sslstarter.client;

import java.util.function.Consumer;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.github.sslstarter.autoconfigure.SslContexts;

/**
 * {@code RestClient} and {@code RestTemplate} on a named context, the way Spring Boot's
 * {@code RestClientSsl} puts them on an SSL bundle: the application's request factory builder
 * (the one {@code spring.http.clients.imperative.factory} chooses: Apache HttpClient 5 when it is
 * on the class path, else the JDK {@code HttpClient}, or Reactor Netty) and its
 * {@code spring.http.clients.*} timeouts and redirects, with the context's TLS.
 *
 * <pre>{@code
 * RestClient partners = restClientBuilder.apply(ssl.restClient("partners")).build();
 * RestTemplate legacy = restTemplateBuilder.requestFactoryBuilder(ssl.builder("partners")).build();
 * }</pre>
 */
public final class SslRequestFactories {

	static final String SETTING = "spring.http.clients.imperative.factory";

	private final SslContexts contexts;

	private final ClientHttpRequestFactoryBuilder<?> builder;

	private final HttpClientSettings settings;

	SslRequestFactories(SslContexts contexts, ClientHttpRequestFactoryBuilder<?> builder, HttpClientSettings settings) {
		this.contexts = contexts;
		this.builder = builder;
		this.settings = settings.withSslBundle(null);
	}

	/** The request factory builder with context {@code name}'s TLS. */
	public ClientHttpRequestFactoryBuilder<?> builder(String name) {
		return SslRequestFactoryBuilders.bind(this.builder, this.contexts.contextFactory(name), SETTING);
	}

	/** A request factory with context {@code name}'s TLS and the application's client settings. */
	public ClientHttpRequestFactory requestFactory(String name) {
		return builder(name).build(this.settings);
	}

	/** Puts context {@code name}'s request factory on a {@code RestClient.Builder}. */
	public Consumer<RestClient.Builder> restClient(String name) {
		ClientHttpRequestFactory requestFactory = requestFactory(name);
		return (restClient) -> restClient.requestFactory(requestFactory);
	}

}
