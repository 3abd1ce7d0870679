package io.github.sslstarter.verify;

import java.security.cert.CertificateException;

/**
 * A {@link ChainCallback} rejected an element of the peer's chain that PKIX had accepted.
 */
public class ChainRejectedException extends CertificateException {

	private final int depth;

	public ChainRejectedException(String subject, int depth) {
		super("The verify callback rejected '" + subject + "' at depth " + depth);
		this.depth = depth;
	}

	/** The depth of the rejected element: 0 for the leaf. */
	public int depth() {
		return this.depth;
	}

}
