package io.github.sslstarter.autoconfigure;

import javax.net.ssl.SSLParameters;

import io.github.sslstarter.core.SslSettings;

/**
 * Customizes contexts after the properties have been applied (IO::Socket::SSL's
 * {@code SSL_create_ctx_callback}). Declare beans of this type; each is called for every
 * context, in order.
 */
public interface SslContextCustomizer {

	/** Changes the settings of context {@code context} before it is built. */
	default void customizeSettings(String context, SslSettings.Builder settings) {
	}

	/** Changes the client and the server parameters of context {@code context}. */
	default void customizeParameters(String context, SSLParameters parameters) {
	}

}
