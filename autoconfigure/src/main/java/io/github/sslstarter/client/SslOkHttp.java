package io.github.sslstarter.client;

import okhttp3.OkHttpClient;

import io.github.sslstarter.core.SslSocketFactory;

/**
 * OkHttp on a context: the context's socket factory (whose sockets OkHttp configures, ALPN
 * included, before their handshake), its trust manager (for OkHttp's chain cleaning) and a
 * verifier of the context's scheme after the handshake (the trust manager has checked the name
 * inside it already).
 *
 * <pre>{@code
 * OkHttpClient client = SslOkHttp.configure(new OkHttpClient.Builder(), contexts.socketFactory("partners")).build();
 * }</pre>
 */
public final class SslOkHttp {

	private SslOkHttp() {
	}

	/** Puts {@code sockets}'s context on {@code builder}; returns it. */
	public static OkHttpClient.Builder configure(OkHttpClient.Builder builder, SslSocketFactory sockets) {
		return builder.sslSocketFactory(sockets, sockets.contextFactory().trustManager())
			.hostnameVerifier(SchemeVerifiers.of(sockets.contextFactory()));
	}

}
