package io.github.sslstarter.testing;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;

/**
 * The library's {@link Identity} of a test certificate: what {@code SslSettings} takes.
 */
public final class Identities {

	private Identities() {
	}

	/** The certificate's private key and chain (leaf first) as an identity. */
	public static Identity identity(TestCertificate certificate) {
		return Identity.of(certificate.privateKey(), certificate.chain());
	}

}
