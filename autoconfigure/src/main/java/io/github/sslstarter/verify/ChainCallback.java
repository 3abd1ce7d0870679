package io.github.sslstarter.verify;

import java.security.cert.X509Certificate;

/**
 * Decides on each certificate of a peer's chain (IO::Socket::SSL's {@code SSL_verify_callback}),
 * called from the root-most element (highest depth) down to the leaf (depth 0), after the
 * standard PKIX verification has given its verdict. Returning {@code false} rejects the chain;
 * returning {@code true} for every element accepts it, even when PKIX did not. The host name is
 * checked by the scheme afterwards either way.
 */
@FunctionalInterface
public interface ChainCallback {

	/**
	 * @param preverified whether PKIX verification found nothing wrong with this element
	 * @param depth the element's depth: 0 for the leaf
	 * @param certificate the element
	 * @param error what PKIX found wrong with it, or {@code null}
	 * @return whether to accept this element
	 */
	boolean verify(boolean preverified, int depth, X509Certificate certificate, String error);

}
