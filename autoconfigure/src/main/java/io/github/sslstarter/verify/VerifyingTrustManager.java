package io.github.sslstarter.verify;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies the peer's chain through a delegate and then its host name by scheme, inside the
 * handshake and per connection. STUB: replaced by the verify issue; keep the public signatures.
 */
public final class VerifyingTrustManager extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager chain;

	private final HostnameScheme scheme;

	private final String fixedName;

	/**
	 * @param chain verifies the chain; {@code null} accepts any chain (verify mode none)
	 * @param scheme the hostname scheme for server certificates
	 * @param fixedName the name to check instead of the connection's host, or {@code null}
	 */
	public VerifyingTrustManager(X509ExtendedTrustManager chain, HostnameScheme scheme, String fixedName) {
		this.chain = chain;
		this.scheme = scheme;
		this.fixedName = fixedName;
	}

	/** Registers the name to verify for that connection's next handshake. */
	public void expectName(Socket socket, String name) {
	}

	/** Registers the name to verify for that engine's next handshake. */
	public void expectName(SSLEngine engine, String name) {
	}

	/** Whether this trust manager verified the server chain of that engine's latest handshake (and forgets it). */
	public boolean verified(SSLEngine engine) {
		return true;
	}

	/** Whether this trust manager verified the server chain of that socket's latest handshake (and forgets it). */
	public boolean verified(Socket socket) {
		return true;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkClientTrusted(chain, authType, socket);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkServerTrusted(chain, authType, socket);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkClientTrusted(chain, authType, engine);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkServerTrusted(chain, authType, engine);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkClientTrusted(chain, authType);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (this.chain != null) {
			this.chain.checkServerTrusted(chain, authType);
		}
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return (this.chain != null) ? this.chain.getAcceptedIssuers() : new X509Certificate[0];
	}

}
