package io.github.sslstarter.core;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import io.github.sslstarter.verify.HostnameMismatchException;

/**
 * Wraps the verifying trust manager so that a rejected chain travels with its failure (a
 * hostname mismatch already carries what it needs), remembers which connections had a chain
 * checked (a resumed handshake checks none), and maps Conscrypt's TLS 1.3 auth type
 * {@code GENERIC}, which the JDK's PKIX trust manager refuses, to the JDK's {@code UNKNOWN}.
 */
final class ChainRecordingTrustManager extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager delegate;

	// keyed by the JDK's (and Conscrypt's) socket classes, which do not override equals
	private final Map<Object, Boolean> checked = Collections.synchronizedMap(new WeakHashMap<>());

	ChainRecordingTrustManager(X509ExtendedTrustManager delegate) {
		this.delegate = delegate;
	}

	/** Whether a peer chain was checked during that connection's latest handshake, and forgets it. */
	boolean checked(Object connection) {
		return this.checked.remove(connection) != null;
	}

	/** Clears what a previous handshake of that connection left (a renegotiation, say). */
	void forget(Object connection) {
		this.checked.remove(connection);
	}

	private void record(Object connection) {
		if (connection != null) {
			this.checked.put(connection, Boolean.TRUE);
		}
	}

	// Conscrypt (BoringSSL) reports TLS 1.3 as "GENERIC"; the JDK's key-usage check knows it as "UNKNOWN"
	private static String authType(String authType) {
		return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
	}

	private static CertificateException wrap(X509Certificate[] chain, CertificateException ex) {
		return (ex instanceof HostnameMismatchException) ? ex : new PeerChainException(chain, ex);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		record(socket);
		try {
			this.delegate.checkClientTrusted(chain, authType(authType), socket);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		record(socket);
		try {
			this.delegate.checkServerTrusted(chain, authType(authType), socket);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		record(engine);
		try {
			this.delegate.checkClientTrusted(chain, authType(authType), engine);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		record(engine);
		try {
			this.delegate.checkServerTrusted(chain, authType(authType), engine);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		try {
			this.delegate.checkClientTrusted(chain, authType(authType));
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		try {
			this.delegate.checkServerTrusted(chain, authType(authType));
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.delegate.getAcceptedIssuers();
	}

}
