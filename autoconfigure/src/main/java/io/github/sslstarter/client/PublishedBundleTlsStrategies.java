package io.github.sslstarter.client;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.core.SslContextFactory;

/**
 * The Apache HttpClient 5 TLS strategy for an SSL bundle given to one of Spring Boot's routes
 * ({@code spring.http.clients.ssl.bundle}, {@code RestClientSsl.fromBundle},
 * {@code RestTemplateBuilder.sslBundle}). Spring Boot's own strategy adds HttpClient's
 * {@code DefaultHostnameVerifier} after the handshake, an RFC 2818 check that would refuse what
 * the context's scheme accepts; for a bundle this project published, the strategy is the
 * context's ({@link SslHttpComponents#tlsStrategy}). Any other bundle gets what Spring Boot gives
 * it.
 */
final class PublishedBundleTlsStrategies {

	private final SslContexts contexts;

	PublishedBundleTlsStrategies(SslContexts contexts) {
		this.contexts = contexts;
	}

	DefaultClientTlsStrategy get(SslBundle bundle) {
		if (bundle == null) {
			return null;
		}
		SslContextFactory context = context(bundle);
		if (context != null) {
			return SslHttpComponents.tlsStrategy(context);
		}
		SslOptions options = bundle.getOptions();
		return new DefaultClientTlsStrategy(bundle.createSslContext(), options.getEnabledProtocols(),
				options.getCiphers(), null, new DefaultHostnameVerifier());
	}

	// a published bundle's SSLContext is its context's own
	private SslContextFactory context(SslBundle bundle) {
		javax.net.ssl.SSLContext ssl = bundle.createSslContext();
		for (String name : this.contexts.names()) {
			SslContextFactory context = this.contexts.contextFactory(name);
			if (context.sslContext() == ssl) {
				return context;
			}
		}
		return null;
	}

}
