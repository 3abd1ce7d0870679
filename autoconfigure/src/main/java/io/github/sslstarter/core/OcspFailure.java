package io.github.sslstarter.core;

import java.security.cert.CertificateException;

/**
 * OCSP refused a certificate of the peer's chain inside the handshake: revoked, or (under
 * {@code trust.revocation-unknown=fail}, or for a missing required staple) of a status that
 * could not be determined. The message names the certificate; the JDK's reason is the cause.
 */
final class OcspFailure extends CertificateException {

	private final boolean revoked;

	private final String action;

	OcspFailure(boolean revoked, String message, String action, Throwable cause) {
		super(message, cause);
		this.revoked = revoked;
		this.action = action;
	}

	/** The failure class: {@link TlsFailure#REVOKED} or {@link TlsFailure#REVOCATION_UNKNOWN}. */
	TlsFailure failure() {
		return this.revoked ? TlsFailure.REVOKED : TlsFailure.REVOCATION_UNKNOWN;
	}

	/** What to do about it. */
	String action() {
		return this.action;
	}

}
