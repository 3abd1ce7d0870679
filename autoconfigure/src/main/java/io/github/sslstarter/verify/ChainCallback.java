package io.github.sslstarter.verify;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Decides on each certificate of a peer's chain (IO::Socket::SSL's {@code SSL_verify_callback}),
 * called from the root-most element (highest depth) down to the leaf (depth 0), after the
 * standard PKIX verification and the context's security level have given their verdict.
 * Returning {@code false} rejects the chain; returning {@code true} for every element accepts it,
 * even when PKIX or the security level did not. The host name is checked by the scheme
 * afterwards either way.
 */
@FunctionalInterface
public interface ChainCallback {

	/**
	 * @param preverified whether PKIX verification and the security level found nothing wrong with
	 * this element
	 * @param depth the element's depth: 0 for the leaf
	 * @param certificate the element
	 * @param error what PKIX or the security level found wrong with it, or {@code null}
	 * @return whether to accept this element
	 */
	boolean verify(boolean preverified, int depth, X509Certificate certificate, String error);

	/**
	 * Lets {@code callback} decide on every element of {@code chain}, root-most first, given the
	 * PKIX verdict: an element PKIX failed can be accepted, one it passed can be rejected.
	 * @param callback the callback
	 * @param chain the peer's chain, leaf first
	 * @param pkixFailure what PKIX (or the security level) found wrong with the chain, or {@code null}
	 * @throws CertificateException the PKIX failure when the callback does not accept its element,
	 * or a {@link ChainRejectedException} when the callback rejects an element PKIX passed
	 */
	static void decide(ChainCallback callback, X509Certificate[] chain, CertificateException pkixFailure)
			throws CertificateException {
		int failedDepth = (pkixFailure != null) ? failedDepth(pkixFailure, chain) : -1;
		for (int depth = chain.length - 1; depth >= 0; depth--) {
			boolean preverified = depth != failedDepth;
			String error = preverified ? null : pkixFailure.getMessage();
			if (!callback.verify(preverified, depth, chain[depth], error)) {
				if (!preverified) {
					throw pkixFailure;
				}
				throw new ChainRejectedException(chain[depth].getSubjectX500Principal().getName(), depth);
			}
		}
	}

	private static int failedDepth(CertificateException failure, X509Certificate[] chain) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof WeakCertificateException weak && weak.depth() < chain.length) {
				return weak.depth();
			}
			if (t instanceof CertPathValidatorException validator && validator.getIndex() >= 0
					&& validator.getIndex() < chain.length) {
				return validator.getIndex();
			}
		}
		// no path to a trust anchor: the root-most element is the one without a trusted issuer
		return chain.length - 1;
	}

}
