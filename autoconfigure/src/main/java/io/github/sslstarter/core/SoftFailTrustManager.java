package io.github.sslstarter.core;

import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * CRL checking that accepts a certificate whose revocation status is unknown
 * ({@code trust.revocation-unknown=accept}) and says so. Every chain is checked by the
 * hard-failing PKIX trust manager first; only when that refuses it because no CRL covers one
 * of its certificates is the chain checked again by one that lets an unknown status pass (the
 * JDK's {@code SOFT_FAIL}), and its acceptance logged as one WARN naming the certificate. (The
 * JDK keeps no readable record of what a soft-failing check let pass, since PKIX clones its
 * checkers for every validation; hence two trust managers.) A revoked certificate fails both.
 */
final class SoftFailTrustManager extends X509ExtendedTrustManager {

	private static final System.Logger logger = System.getLogger(SoftFailTrustManager.class.getName());

	private final String context;

	private final X509ExtendedTrustManager hard;

	private final X509ExtendedTrustManager soft;

	SoftFailTrustManager(String context, X509ExtendedTrustManager hard, X509ExtendedTrustManager soft) {
		this.context = context;
		this.hard = hard;
		this.soft = soft;
	}

	@FunctionalInterface
	private interface Check {

		void check(X509ExtendedTrustManager manager) throws CertificateException;

	}

	private void check(X509Certificate[] chain, Check check) throws CertificateException {
		try {
			check.check(this.hard);
		}
		catch (CertificateException ex) {
			CertPathValidatorException unknown = undetermined(ex);
			if (unknown == null) {
				throw ex;
			}
			check.check(this.soft);
			X509Certificate subject = (unknown.getIndex() >= 0 && unknown.getIndex() < chain.length)
					? chain[unknown.getIndex()] : chain[0];
			logger.log(Level.WARNING, "TLS context '" + this.context + "' accepts the chain of '"
					+ chain[0].getSubjectX500Principal().getName() + "' although the revocation status of '"
					+ subject.getSubjectX500Principal().getName() + "' is unknown: no CRL of '"
					+ subject.getIssuerX500Principal().getName() + "' was found (trust.revocation-unknown=accept)");
		}
	}

	private static CertPathValidatorException undetermined(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof CertPathValidatorException validator
					&& validator.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
				return validator;
			}
		}
		return null;
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		check(chain, (manager) -> manager.checkServerTrusted(chain, authType, socket));
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		check(chain, (manager) -> manager.checkServerTrusted(chain, authType, engine));
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		check(chain, (manager) -> manager.checkServerTrusted(chain, authType));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		check(chain, (manager) -> manager.checkClientTrusted(chain, authType, socket));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		check(chain, (manager) -> manager.checkClientTrusted(chain, authType, engine));
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		check(chain, (manager) -> manager.checkClientTrusted(chain, authType));
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return this.hard.getAcceptedIssuers();
	}

}
