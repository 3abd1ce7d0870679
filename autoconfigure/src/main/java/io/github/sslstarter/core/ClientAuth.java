package io.github.sslstarter.core;

/**
 * Whether a server asks its clients for a certificate; the same words as Spring Boot's
 * {@code server.ssl.client-auth}.
 */
public enum ClientAuth {

	/** No client certificate is requested. */
	NONE,

	/** A client certificate is requested and verified when sent. */
	WANT,

	/** A client certificate is required. */
	NEED

}
