package io.github.sslstarter.client;

import java.net.http.HttpClient;
import java.time.Duration;

import io.github.sslstarter.core.SslContextFactory;

/**
 * The JDK {@link HttpClient} on a context: its {@code SSLContext} (whose trust manager checks
 * the chain and, by the context's scheme, the host name inside the handshake) and its client
 * parameters (protocols, cipher suites), and the context's {@code timeouts.connect}.
 * <p>
 * The JDK client asks for its own RFC 2818 check on every connection: it copies the parameters
 * it is given and sets the endpoint identification algorithm {@code HTTPS} on them (only the
 * JVM-wide {@code jdk.internal.httpclient.disableHostnameVerification} turns that off), so
 * {@code SSLParameters.setEndpointIdentificationAlgorithm(null)} on the builder has no effect. The
 * context's trust manager does not run that algorithm: the scheme decides alone.
 *
 * <pre>{@code
 * HttpClient client = SslHttpClients.builder(contexts.contextFactory("partners")).build();
 * }</pre>
 */
public final class SslHttpClients {

	private SslHttpClients() {
	}

	/** A new builder on {@code context}. */
	public static HttpClient.Builder builder(SslContextFactory context) {
		return configure(HttpClient.newBuilder(), context);
	}

	/** Puts {@code context}'s TLS (and connect timeout) on {@code builder}; returns it. */
	public static HttpClient.Builder configure(HttpClient.Builder builder, SslContextFactory context) {
		builder.sslContext(context.sslContext()).sslParameters(context.clientParameters());
		Duration connectTimeout = context.settings().connectTimeout();
		if (connectTimeout != null && !connectTimeout.isZero() && !connectTimeout.isNegative()) {
			builder.connectTimeout(connectTimeout);
		}
		return builder;
	}

}
