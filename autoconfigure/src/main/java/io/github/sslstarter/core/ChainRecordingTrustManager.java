package io.github.sslstarter.core;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import io.github.sslstarter.verify.HostnameMismatchException;

/**
 * Wraps the verifying trust manager so that a rejected chain travels with its failure; a
 * hostname mismatch already carries what it needs.
 */
final class ChainRecordingTrustManager extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager delegate;

	ChainRecordingTrustManager(X509ExtendedTrustManager delegate) {
		this.delegate = delegate;
	}

	private static CertificateException wrap(X509Certificate[] chain, CertificateException ex) {
		return (ex instanceof HostnameMismatchException) ? ex : new PeerChainException(chain, ex);
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		try {
			this.delegate.checkClientTrusted(chain, authType, socket);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		try {
			this.delegate.checkServerTrusted(chain, authType, socket);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		try {
			this.delegate.checkClientTrusted(chain, authType, engine);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		try {
			this.delegate.checkServerTrusted(chain, authType, engine);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		try {
			this.delegate.checkClientTrusted(chain, authType);
		}
		catch (CertificateException ex) {
			throw wrap(chain, ex);
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		try {
			this.delegate.checkServerTrusted(chain, authType);
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
