package io.github.sslstarter.client;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.verify.SchemeHostnameVerifier;

/**
 * Apache HttpClient 5 on a context: a TLS strategy, for the classic client
 * ({@code TlsSocketStrategy}) and the async one ({@code TlsStrategy}), with the context's
 * {@code SSLContext}, protocols and cipher suites, and the context's scheme as the host-name
 * check instead of HttpClient's default policy (which runs the JDK's {@code HTTPS} check in the
 * handshake and HttpClient's own verifier after it): the trust manager checks the name inside
 * the handshake, a {@link SchemeHostnameVerifier} of the same scheme again after it
 * ({@link HostnameVerificationPolicy#CLIENT}).
 *
 * <pre>{@code
 * CloseableHttpClient client = SslHttpComponents.httpClient(contexts.contextFactory("partners"));
 * }</pre>
 */
public final class SslHttpComponents {

	private SslHttpComponents() {
	}

	/** The TLS strategy of {@code context}, classic and async. */
	public static DefaultClientTlsStrategy tlsStrategy(SslContextFactory context) {
		return new DefaultClientTlsStrategy(context.sslContext(), context.protocols().toArray(new String[0]),
				context.cipherSuites().toArray(new String[0]), SSLBufferMode.STATIC, HostnameVerificationPolicy.CLIENT,
				SchemeVerifiers.of(context));
	}

	/** A classic client on {@code context}, pooled. */
	public static CloseableHttpClient httpClient(SslContextFactory context) {
		return HttpClients.custom()
			.setConnectionManager(
					PoolingHttpClientConnectionManagerBuilder.create().setTlsSocketStrategy(tlsStrategy(context)).build())
			.build();
	}

	/** An async client on {@code context}, pooled; not started. */
	public static CloseableHttpAsyncClient asyncClient(SslContextFactory context) {
		return HttpAsyncClients.custom()
			.setConnectionManager(
					PoolingAsyncClientConnectionManagerBuilder.create().setTlsStrategy(tlsStrategy(context)).build())
			.build();
	}

}
