package io.github.sslstarter.verify;

import java.security.cert.CertificateException;

/**
 * Thrown inside the handshake when the peer's certificate is not valid for the expected name.
 */
public class HostnameMismatchException extends CertificateException {

	private final transient HostnameMatch match;

	public HostnameMismatchException(HostnameMatch match) {
		super(match.describe());
		this.match = match;
	}

	/** The failed match, with the names the certificate does carry. */
	public HostnameMatch match() {
		return this.match;
	}

}
