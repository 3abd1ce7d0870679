package io.github.sslstarter.core;

/**
 * What CRL checking ({@code trust.check-crl}) does with a certificate of the peer's chain for
 * which no CRL of its issuer is found ({@code trust.revocation-unknown}).
 */
public enum RevocationUnknown {

	/**
	 * Refuse the chain: a {@link TlsFailure#REVOCATION_UNKNOWN} failure (hard fail). The default:
	 * who turns CRL checking on wants to know that no revoked certificate gets through.
	 */
	FAIL,

	/**
	 * Accept the chain, logging one WARN per handshake that names the certificate (soft fail);
	 * a certificate that a CRL does revoke is still refused.
	 */
	ACCEPT

}
