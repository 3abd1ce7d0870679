package io.github.sslstarter.core;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A chain rejected inside the handshake, with the chain the peer presented, so that the failure
 * can name the issuer and dates the peer actually sent. The original reason is the cause.
 */
final class PeerChainException extends CertificateException {

	private final transient List<X509Certificate> chain;

	PeerChainException(X509Certificate[] chain, CertificateException cause) {
		super(cause.getMessage(), cause);
		this.chain = (chain != null) ? List.of(chain) : List.of();
	}

	List<X509Certificate> chain() {
		return this.chain;
	}

}
