package io.github.sslstarter.verify;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Chain verification by a PKIX delegate, then by a {@link ChainCallback} per element.
 */
public final class CallbackTrustManager extends X509ExtendedTrustManager {

	private final X509ExtendedTrustManager delegate;

	private final ChainCallback callback;

	/** Verifies chains with {@code delegate}, then lets {@code callback} decide per element. */
	public CallbackTrustManager(X509ExtendedTrustManager delegate, ChainCallback callback) {
		this.delegate = delegate;
		this.callback = callback;
	}

	@FunctionalInterface
	private interface Check {

		void run() throws CertificateException;

	}

	private void decide(X509Certificate[] chain, Check check) throws CertificateException {
		CertificateException failure = null;
		try {
			check.run();
		}
		catch (CertificateException ex) {
			failure = ex;
		}
		int failedDepth = (failure != null) ? failedDepth(failure, chain) : -1;
		for (int depth = chain.length - 1; depth >= 0; depth--) {
			boolean preverified = depth != failedDepth;
			String error = preverified ? null : failure.getMessage();
			if (!this.callback.verify(preverified, depth, chain[depth], error)) {
				if (!preverified) {
					throw failure;
				}
				throw new ChainRejectedException(chain[depth].getSubjectX500Principal().getName(), depth);
			}
		}
	}

	private static int failedDepth(CertificateException failure, X509Certificate[] chain) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof CertPathValidatorException validator && validator.getIndex() >= 0
					&& validator.getIndex() < chain.length) {
				return validator.getIndex();
			}
		}
		// no path to a trust anchor: the root-most element is the one without a trusted issuer
		return chain.length - 1;
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		decide(chain, () -> this.delegate.checkClientTrusted(chain, authType, socket));
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
		decide(chain, () -> this.delegate.checkServerTrusted(chain, authType, socket));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		decide(chain, () -> this.delegate.checkClientTrusted(chain, authType, engine));
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
		decide(chain, () -> this.delegate.checkServerTrusted(chain, authType, engine));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		decide(chain, () -> this.delegate.checkClientTrusted(chain, authType));
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		decide(chain, () -> this.delegate.checkServerTrusted(chain, authType));
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.delegate.getAcceptedIssuers();
	}

}
