package io.github.sslstarter.client;

import java.time.Duration;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import reactor.netty.http.client.HttpClient;

import io.github.sslstarter.core.SslContextFactory;

/**
 * Reactor Netty's {@link HttpClient} on a context: a Netty {@link SslContext} that is the
 * context's own {@code SSLContext} ({@link JdkSslContext}: its key manager, its trust manager,
 * its protocols and suites). Reactor Netty asks the engine for the JDK's {@code HTTPS} check;
 * the context's trust manager does not run it, so its scheme is the only host-name rule.
 *
 * <pre>{@code
 * HttpClient client = SslReactorNetty.secure(HttpClient.create(), contexts.contextFactory("partners"));
 * }</pre>
 */
public final class SslReactorNetty {

	private SslReactorNetty() {
	}

	/** A client Netty {@link SslContext} wrapping {@code context}'s {@code SSLContext}, HTTP/1.1. */
	public static SslContext sslContext(SslContextFactory context) {
		return new JdkSslContext(context.sslContext(), true, context.cipherSuites(), IdentityCipherSuiteFilter.INSTANCE,
				ApplicationProtocolConfig.DISABLED, ClientAuth.NONE, context.protocols().toArray(new String[0]), false);
	}

	/** {@code client} made secure by {@code context}, with its {@code timeouts.handshake}. */
	public static HttpClient secure(HttpClient client, SslContextFactory context) {
		SslContext ssl = sslContext(context);
		Duration handshakeTimeout = context.settings().handshakeTimeout();
		return client.secure((spec) -> {
			reactor.netty.tcp.SslProvider.Builder builder = spec.sslContext(ssl);
			if (handshakeTimeout != null && !handshakeTimeout.isZero() && !handshakeTimeout.isNegative()) {
				builder.handshakeTimeout(handshakeTimeout);
			}
		});
	}

}
