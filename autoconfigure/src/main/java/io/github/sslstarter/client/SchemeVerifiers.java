package io.github.sslstarter.client;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.SchemeHostnameVerifier;

/**
 * The after-the-handshake verifier of a context, for clients that want one: the context's
 * scheme and {@code verify.name}, or nothing when the context does not verify.
 */
final class SchemeVerifiers {

	private SchemeVerifiers() {
	}

	static SchemeHostnameVerifier of(SslContextFactory context) {
		SslSettings settings = context.settings();
		return new SchemeHostnameVerifier(
				settings.verifyMode().verifies() ? settings.verifyScheme() : HostnameScheme.NONE, settings.verifyName());
	}

}
