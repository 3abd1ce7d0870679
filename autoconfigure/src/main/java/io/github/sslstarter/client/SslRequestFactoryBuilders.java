package io.github.sslstarter.client;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.HttpComponentsClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.JdkClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;

import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslContextFactory;

/**
 * Spring Boot's request factory and connector builders (what {@code RestClient},
 * {@code RestTemplate} and {@code WebClient} are built on) bound to a context: the JDK
 * {@code HttpClient} ({@link SslHttpClients}), Apache HttpClient 5 ({@link SslHttpComponents})
 * and Reactor Netty ({@link SslReactorNetty}). The context's TLS replaces whatever SSL bundle the
 * builder is later given.
 */
public final class SslRequestFactoryBuilders {

	private SslRequestFactoryBuilders() {
	}

	/**
	 * {@code builder} with {@code context}'s TLS.
	 * @param setting the property that chose the builder, for the message when it is one that
	 * cannot take a context
	 * @throws SslConfigurationException for a builder of another client (Jetty, the simple one)
	 */
	public static ClientHttpRequestFactoryBuilder<?> bind(ClientHttpRequestFactoryBuilder<?> builder,
			SslContextFactory context, String setting) {
		if (builder instanceof JdkClientHttpRequestFactoryBuilder jdk) {
			return jdk.withHttpClientCustomizer((client) -> SslHttpClients.configure(client, context));
		}
		if (builder instanceof HttpComponentsClientHttpRequestFactoryBuilder httpComponents) {
			return HttpComponentsBinding.bind(httpComponents, context);
		}
		if (builder instanceof ReactorClientHttpRequestFactoryBuilder reactor) {
			return ReactorBinding.bind(reactor, context);
		}
		throw unsupported(builder, context, setting);
	}

	/**
	 * {@code builder} with {@code context}'s TLS.
	 * @param setting the property that chose the builder, for the message when it is one that
	 * cannot take a context
	 * @throws SslConfigurationException for a builder of another client (Jetty)
	 */
	public static ClientHttpConnectorBuilder<?> bind(ClientHttpConnectorBuilder<?> builder, SslContextFactory context,
			String setting) {
		if (builder instanceof JdkClientHttpConnectorBuilder jdk) {
			return jdk.withHttpClientCustomizer((client) -> SslHttpClients.configure(client, context));
		}
		if (builder instanceof HttpComponentsClientHttpConnectorBuilder httpComponents) {
			return HttpComponentsBinding.bind(httpComponents, context);
		}
		if (builder instanceof ReactorClientHttpConnectorBuilder reactor) {
			return ReactorBinding.bind(reactor, context);
		}
		throw unsupported(builder, context, setting);
	}

	/**
	 * {@code builder} such that a bundle this project published, given to it by one of Spring
	 * Boot's routes, connects exactly as its context does: an Apache HttpClient 5 builder gets the
	 * context's TLS strategy for it ({@code PublishedBundleTlsStrategies}); the others already
	 * use the bundle's {@code SSLContext}, which is the context's, and are returned as they are.
	 */
	public static ClientHttpRequestFactoryBuilder<?> publishedBundles(ClientHttpRequestFactoryBuilder<?> builder,
			SslContexts contexts) {
		if (builder instanceof HttpComponentsClientHttpRequestFactoryBuilder httpComponents) {
			return HttpComponentsBinding.publishedBundles(httpComponents, contexts);
		}
		return builder;
	}

	/** As {@link #publishedBundles(ClientHttpRequestFactoryBuilder, SslContexts)}, for connectors. */
	public static ClientHttpConnectorBuilder<?> publishedBundles(ClientHttpConnectorBuilder<?> builder,
			SslContexts contexts) {
		if (builder instanceof HttpComponentsClientHttpConnectorBuilder httpComponents) {
			return HttpComponentsBinding.publishedBundles(httpComponents, contexts);
		}
		return builder;
	}

	private static SslConfigurationException unsupported(Object builder, SslContextFactory context, String setting) {
		return new SslConfigurationException(setting,
				"the HTTP client " + builder.getClass().getSimpleName() + " cannot be bound to TLS context '"
						+ context.name() + "'",
				"use the JDK HttpClient, Apache HttpClient 5 or Reactor Netty (spring.http.clients.imperative.factory "
						+ "or spring.http.clients.reactive.connector: jdk, http-components or reactor)");
	}

	// each client's classes are touched only when its builder is the one in use
	private static final class HttpComponentsBinding {

		static ClientHttpRequestFactoryBuilder<?> bind(HttpComponentsClientHttpRequestFactoryBuilder builder,
				SslContextFactory context) {
			return builder.withTlsSocketStrategyFactory((bundle) -> SslHttpComponents.tlsStrategy(context));
		}

		// Spring Boot asks the async strategy factory only when it has a bundle
		static ClientHttpConnectorBuilder<?> bind(HttpComponentsClientHttpConnectorBuilder builder,
				SslContextFactory context) {
			return builder.withTlsSocketStrategyFactory((bundle) -> SslHttpComponents.tlsStrategy(context))
				.withConnectionManagerCustomizer(
						(connections) -> connections.setTlsStrategy(SslHttpComponents.tlsStrategy(context)));
		}

		static ClientHttpRequestFactoryBuilder<?> publishedBundles(HttpComponentsClientHttpRequestFactoryBuilder builder,
				SslContexts contexts) {
			PublishedBundleTlsStrategies strategies = new PublishedBundleTlsStrategies(contexts);
			return builder.withTlsSocketStrategyFactory(strategies::get);
		}

		static ClientHttpConnectorBuilder<?> publishedBundles(HttpComponentsClientHttpConnectorBuilder builder,
				SslContexts contexts) {
			PublishedBundleTlsStrategies strategies = new PublishedBundleTlsStrategies(contexts);
			return builder.withTlsSocketStrategyFactory(strategies::get);
		}

	}

	private static final class ReactorBinding {

		static ClientHttpRequestFactoryBuilder<?> bind(ReactorClientHttpRequestFactoryBuilder builder,
				SslContextFactory context) {
			return builder.withHttpClientCustomizer((client) -> SslReactorNetty.secure(client, context));
		}

		static ClientHttpConnectorBuilder<?> bind(ReactorClientHttpConnectorBuilder builder, SslContextFactory context) {
			return builder.withHttpClientCustomizer((client) -> SslReactorNetty.secure(client, context));
		}

	}

}
